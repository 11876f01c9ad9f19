// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/segmenter.hpp"

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "segment/load_time_rewrites.hpp"
#include "segment/model_catalog.hpp"
#include "segment/tflite/model_loader.hpp"

namespace fakecam::segment {

namespace {
Graph rewritten(Graph graph) {
  apply_load_time_rewrites(graph);
  return graph;
}
}  // namespace

Segmenter::Segmenter(Graph graph, int threads, PlanOptions plan)
    : engine_(rewritten(std::move(graph)), threads, plan), threads_(threads) {
  const Shape& in = engine_.input_shape();
  const Shape& out = engine_.output_shape();
  input_size_ = cv::Size(in[2], in[1]);
  input_ = cv::Mat(in[1], in[2], CV_32FC3, engine_.input());
  mask_ = cv::Mat(out[1], out[2], CV_32FC1, const_cast<float*>(engine_.output()));
  resized_.create(input_size_, CV_8UC3);
}

Segmenter Segmenter::open(const std::string& model, int threads) {
  return Segmenter(tflite::load_model_file(resolve_model(model)), inference_threads(model, threads));
}

int inference_threads(const std::string& model, int requested) {
  return model == kModelGeneral || model == kModelLandscape ? 1 : requested;
}

namespace {

// Shrinks `src` to `size` averaging over areas: a webcam frame is 5x the model
// input, and plain bilinear sampling would alias fine detail (hair, stripes)
// into the model's view. OpenCV's INTER_AREA is vectorised only for exact
// halving and costs 1.5-7 ms per 720p frame otherwise, so: halve both axes
// with it (a 2x2 box) while the image is at least twice the target; halve one
// axis with INTER_LINEAR (at exactly half it averages pixel pairs); finish the
// last step, less than 2x, with INTER_LINEAR, which barely aliases there.
// Returns the image at `size` (one of the buffers, or src if no step was needed).
const cv::Mat& shrink_to(const cv::Mat& src, cv::Size size, cv::Mat (&steps)[2], cv::Mat& out) {
  const cv::Mat* current = &src;
  int next = 0;
  while (current->cols >= 2 * size.width || current->rows >= 2 * size.height) {
    const bool half_w = current->cols >= 2 * size.width;
    const bool half_h = current->rows >= 2 * size.height;
    const cv::Size half(half_w ? current->cols / 2 : current->cols, half_h ? current->rows / 2 : current->rows);
    cv::resize(*current, steps[next], half, 0, 0, half_w && half_h ? cv::INTER_AREA : cv::INTER_LINEAR);
    current = &steps[next];
    next ^= 1;
  }
  if (current->size() == size) return *current;
  cv::resize(*current, out, size, 0, 0,
             current->cols >= size.width && current->rows >= size.height ? cv::INTER_LINEAR : cv::INTER_AREA);
  return out;
}

}  // namespace

void Segmenter::preprocess(const cv::Mat& frame, PixelOrder order) {
  if (frame.empty() || frame.type() != CV_8UC3) fail("segmenter: expected an 8-bit 3-channel frame");
  const cv::Mat* src = &frame;
  if (frame.size() != input_size_) src = &shrink_to(frame, input_size_, halved_, resized_);
  if (order == PixelOrder::bgr) {
    cv::cvtColor(*src, resized_, cv::COLOR_BGR2RGB);
    src = &resized_;
  }
  src->convertTo(input_, CV_32F, 1.0 / 255.0);
}

const cv::Mat& Segmenter::segment(const cv::Mat& frame, PixelOrder order) {
  preprocess(frame, order);
  infer();
  return mask_;
}

void Segmenter::upsample_mask(cv::Size size, cv::Mat& out) const {
  if (size == mask_.size()) {
    mask_.copyTo(out);
    return;
  }
  cv::resize(mask_, out, size, 0, 0, cv::INTER_LINEAR);
}

void mask_to_u8(const cv::Mat& mask, cv::Mat& out) {
  // convertTo saturates and rounds to nearest.
  mask.convertTo(out, CV_8U, 255.0);
}

}  // namespace fakecam::segment
