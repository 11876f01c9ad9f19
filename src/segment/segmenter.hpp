// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Person segmentation of video frames: MediaPipe's preprocessing (the whole
// frame resized to the model input, aspect not kept, RGB float in [0, 1],
// NHWC) and the model run in-process (engine.hpp: XNNPACK and our own kernels). All buffers are allocated
// when the Segmenter is made; segment() allocates nothing for frames of a
// steady size.

#include <filesystem>
#include <string>

#include <opencv2/core.hpp>

#include "segment/engine.hpp"
#include "segment/graph.hpp"

namespace fakecam::segment {

enum class PixelOrder { bgr, rgb };

class Segmenter {
 public:
  // The graph is folded first (fold_transpose_conv.hpp): same function, faster.
  // `plan` picks our kernels (default: every one that measured faster).
  Segmenter(Graph graph, int threads, PlanOptions plan = {});

  // A named model ("general", "landscape") or a .tflite path. `threads` is
  // honoured for model files only (see inference_threads).
  static Segmenter open(const std::string& model, int threads);

  // Threads the inference runs on.
  int threads() const { return threads_; }

  cv::Size input_size() const { return input_size_; }

  // Fills the model's input from an 8-bit 3-channel frame of any size.
  void preprocess(const cv::Mat& frame, PixelOrder order);
  // Runs the model on the last preprocessed frame.
  void infer() { engine_.run(); }
  // preprocess() + infer(); returns mask().
  const cv::Mat& segment(const cv::Mat& frame, PixelOrder order);

  // The last result at model resolution: CV_32FC1, 1 = person. A view of the
  // engine's buffer, overwritten by the next infer().
  const cv::Mat& mask() const { return mask_; }

  // The model input of the last preprocess(): CV_32FC3 RGB in [0, 1] at
  // input_size() (a view of the engine's buffer). Cheap to compare between
  // frames, for motion gating.
  const cv::Mat& input() const { return input_; }

  // The last result bilinearly upsampled to `size` (CV_32FC1).
  void upsample_mask(cv::Size size, cv::Mat& out) const;

 private:
  Engine engine_;
  int threads_ = 1;
  cv::Size input_size_;
  cv::Mat resized_;    // CV_8UC3 at model size
  cv::Mat halved_[2];  // CV_8UC3 steps of the downscale (see shrink_to)
  cv::Mat input_;      // CV_32FC3 view of the engine's input
  cv::Mat mask_;       // CV_32FC1 view of the engine's output
};

// The threads inference of `model` runs on when the user asks for `requested`.
// The bundled models run on one: their operations take 5-30 us each, too
// little to share, and XNNPACK's pool makes every operation wait for every
// worker, so 2 threads measured 1.3-25x slower than 1 on a quiet 2-core
// machine and up to 40x slower with the other core busy (issue 12,
// bench/RESULTS.md). A .tflite file given by path gets what was asked for.
int inference_threads(const std::string& model, int requested);

// Quantizes a [0,1] mask to 8 bits with rounding (255 = person).
void mask_to_u8(const cv::Mat& mask, cv::Mat& out);

}  // namespace fakecam::segment
