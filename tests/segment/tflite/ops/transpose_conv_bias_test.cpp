// SPDX-License-Identifier: GPL-3.0-or-later
// MediaPipe's custom Convolution2DTransposeBias: its 12-byte custom options
// (padding, stride_w, stride_h) read, and bad ones refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

using test::int32_bytes;

std::vector<std::uint8_t> transpose_conv_model(const std::vector<std::uint8_t>& custom_options,
                                               const Shape& out_shape) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 3, 3});
  const int filter = b.float_constant({1, 3, 3, 3}, std::vector<float>(27, 0.5f));
  const int bias = b.float_constant({1}, {0.25f});
  const int out = b.tensor(out_shape);
  b.op(b.custom("Convolution2DTransposeBias"), {in, filter, bias}, {out}, schema::BuiltinOptions::NONE, 0,
       custom_options);
  return b.finish(in, out);
}

TEST(ModelLoaderTransposeConvBias, ParsesCustomOptions) {
  // padding 1 = SAME, stride_w 3, stride_h 2: output [1, 2*2, 3*3, 1].
  Graph same = load_model(transpose_conv_model(int32_bytes({1, 3, 2}), {1, 4, 9, 1}), "tconv");
  ASSERT_EQ(same.ops.size(), 1u);
  const auto& p = std::get<TransposeConvBias>(same.ops[0].params);
  EXPECT_EQ(p.padding, Padding::same);
  EXPECT_EQ(p.stride_w, 3);
  EXPECT_EQ(p.stride_h, 2);
  // padding 2 = VALID, strides 1, 2: output [(2-1)*2+3, (3-1)*1+3] = [5, 5].
  Graph valid = load_model(transpose_conv_model(int32_bytes({2, 1, 2}), {1, 5, 5, 1}), "tconv");
  const auto& q = std::get<TransposeConvBias>(valid.ops[0].params);
  EXPECT_EQ(q.padding, Padding::valid);
  EXPECT_EQ(q.stride_w, 1);
  EXPECT_EQ(q.stride_h, 2);
}

TEST(ModelLoaderTransposeConvBias, RejectsBadCustomOptions) {
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({1, 2}), {1, 4, 6, 1}), "op 0 (Convolution2DTransposeBias)",
                    "custom options must be 12 bytes", "found 8");
  EXPECT_LOAD_ERROR(transpose_conv_model({}, {1, 4, 6, 1}), "custom options must be 12 bytes", "found 0");
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({3, 2, 2}), {1, 4, 6, 1}), "padding code 3 is not supported");
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({1, 0, 2}), {1, 4, 6, 1}), "stride_w is 0");
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({1, 2, 2}), {1, 4, 5, 1}), "has shape [1,4,5,1]",
                    "inputs give [1,4,6,1]");
}

}  // namespace
}  // namespace fakecam::segment
