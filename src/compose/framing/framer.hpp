// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Auto-framing for the pipeline: finds the person in the model's mask of the
// full view, follows them with the crop (CropFollower) and crops both the
// camera frame and the mask, before compositing.
//
// Why before compositing, not on the composed picture: the crop is taken
// from the full capture resolution (a 1080p capture framed into a 720p
// output loses nothing at 1.5x), where cropping the composed output could
// only magnify it; a replaced background stays put and sharp instead of
// being magnified and panned with the person, like a set behind a real
// camera; blur and every effect see the picture at its final scale; and the
// compositor keeps its cost (output-sized frames). Segmentation still sees
// the full view, so a person leaving the crop is still found.

#include <atomic>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"
#include "compose/framing/crop_follower.hpp"

namespace fakecam::compose::framing {

struct FramingOptions {
  bool enabled = false;
  double max_zoom = 2.0;  // --framing-zoom: the crop is at least 1/max_zoom of the frame
};

class Framer {
 public:
  explicit Framer(FramingOptions options, FollowerSettings follower = {});

  // Thread-safe (`fakecam ctl framing`): off glides back to the full view.
  void set_enabled(bool enabled) { enabled_ = enabled; }
  bool enabled() const { return enabled_; }
  // Whether frames need cropping (and so a mask): enabled, or still on the
  // way back to the full view. Processing thread only, as is what follows.
  bool active() const { return enabled_ || !follower_.at_full_view(); }

  // The crop for the frame of `frame` size taken at `t` seconds, from the
  // newest mask of the full view (empty: none yet, taken as nobody seen).
  cv::Rect update(const cv::Mat& model_mask, cv::Size frame, double t);

  // frame(crop) scaled to out_size into out_frame, and the mask cropped
  // alike at its own resolution into out_mask (left empty for an empty
  // mask). A crop of out_size is a view of `frame`, not a copy (framing 1.5x
  // of a 1080p capture into 720p: a 2.7 MB copy saved per frame); otherwise
  // out_frame's buffer is reused when it is not such a view.
  static void crop(const cv::Mat& frame, const cv::Mat& model_mask, const cv::Rect& crop, cv::Size out_size,
                   cv::Mat& out_frame, cv::Mat& out_mask);

  // The YUV path's crop (issue 13): `crop` made even (even_crop()) and the
  // mask cropped alike into out_mask. Returns the frame's crop at out_size:
  // a view of `frame` when the crop is of out_size (framing 1.5x of a 1080p
  // capture into 720p: no copy; the compositor reads the view and writes its
  // output elsewhere), otherwise a view of `scaled`, into which the crop is
  // scaled (common::crop_scale_yuv: bilinear, as the BGR crop; its buffer
  // reused unless another image shares it).
  static YuvView crop(const YuvImage& frame, const cv::Mat& model_mask, const cv::Rect& crop, cv::Size out_size,
                      YuvImage& scaled, cv::Mat& out_mask);
  // `crop` with its corner and size rounded down to even numbers (whole
  // 4:2:0 chroma samples): the rectangle the YUV crop takes.
  static cv::Rect even_crop(const cv::Rect& crop);

  const CropFollower& follower() const { return follower_; }

  // One axis of the mask's crop: output sample i reads the source at
  // offset + (i + 0.5) * step - 0.5.
  struct MaskAxis {
    double offset, step;
  };
  // A CV_32FC1 mask (at least 2x2) cropped and scaled back to its size,
  // bilinear, clamped at the edges: crop()'s mask.
  static void crop_mask_f32(const cv::Mat& mask, MaskAxis x, MaskAxis y, cv::Mat& out);

 private:
  // The mask of the whole `frame` cropped to `crop` at its own resolution.
  static void crop_mask(const cv::Mat& model_mask, cv::Size frame, const cv::Rect& crop, cv::Mat& out_mask);

  double max_zoom_;
  std::atomic<bool> enabled_;
  CropFollower follower_;
};

}  // namespace fakecam::compose::framing
