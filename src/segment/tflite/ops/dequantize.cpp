// SPDX-License-Identifier: GPL-3.0-or-later
// DEQUANTIZE: FLOAT16 weights folded into float32 constants at load time,
// so inference runs on float32 weights; nothing reaches the Graph's ops.

#include <cstring>

#include <opencv2/core.hpp>

#include "segment/tflite/ops/ops.hpp"

namespace fakecam::segment::tflite {

void read_dequantize(OpReader& r, const RawOp& raw) {
  r.expect_input_count(raw, 1, 1);
  const int in = raw.inputs[0];
  if (in < 0) r.op_error(raw, "input is missing");
  const auto& in_info = r.info_of(in);
  if (in_info.type != schema::TensorType::FLOAT16 || in_info.bytes == nullptr) {
    r.op_error(raw, "only constant FLOAT16 inputs are supported (weights); tensor {} is {}{}", r.describe(in),
               type_name(in_info.type), in_info.bytes == nullptr ? " computed at run time" : "");
  }
  auto& out_info = r.info_of(raw.output);
  if (out_info.type != schema::TensorType::FLOAT32 || out_info.available) {
    r.op_error(raw, "output {} must be a new FLOAT32 tensor", r.describe(raw.output));
  }
  if (r.shape_of(raw.output) != r.shape_of(in)) {
    r.op_error(raw, "output {} has shape {}, input has {}", r.describe(raw.output),
               shape_string(r.shape_of(raw.output)), shape_string(r.shape_of(in)));
  }
  if (raw.output == r.graph().output) r.op_error(raw, "a constant cannot be the model's output");
  const std::size_t count = element_count(r.shape_of(in));
  std::vector<std::uint16_t> half(count);
  std::memcpy(half.data(), in_info.bytes, count * sizeof(std::uint16_t));
  auto& out = r.graph().tensors[static_cast<std::size_t>(raw.output)].data;
  out.resize(count);
  cv::Mat(1, static_cast<int>(count), CV_16F, half.data())
      .convertTo(cv::Mat(1, static_cast<int>(count), CV_32F, out.data()), CV_32F);
  r.reject_non_finite(raw.output, out);
  out_info.available = true;
}

}  // namespace fakecam::segment::tflite
