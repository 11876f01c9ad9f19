// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/framing/framer.hpp"

#include <opencv2/imgproc.hpp>

#include "compose/framing/person_box.hpp"
#include "compose/kernels/resize_bgr.hpp"

namespace fakecam::compose::framing {

Framer::Framer(FramingOptions options, FollowerSettings follower)
    : max_zoom_(options.max_zoom), enabled_(options.enabled), follower_(follower) {}

cv::Rect Framer::update(const cv::Mat& model_mask, cv::Size frame, double t) {
  std::optional<CropWindow> target;
  std::optional<cv::Rect2d> head;
  if (enabled_) {
    if (const auto person = find_head_and_shoulders(model_mask, frame)) {
      target = target_window(*person, frame, max_zoom_);
      head = head_with_margin(*person);
    }
  } else {
    target = full_view(frame);
  }
  return crop_rect(follower_.update(target, head, frame, t), frame);
}

void Framer::crop(const cv::Mat& frame, const cv::Mat& model_mask, const cv::Rect& crop, cv::Size out_size,
                  cv::Mat& out_frame, cv::Mat& out_mask) {
  if (crop.size() == out_size) {
    out_frame = frame(crop);  // a view: the compositor reads rows by their step
  } else {
    // Never written through a view of the frame (the last call's).
    if (out_frame.datastart == frame.datastart) out_frame.release();
    // Bilinear: at these scales (1x-2x) as sharp as area averaging, at a
    // fraction of the cost; OpenCV's convention (centres aligned), as the
    // mask's crop below. Ours is ~4x faster than cv::resize with AVX2; its
    // baseline build (no pshufb in SSE2) is slower than OpenCV's.
    if (crop.width > out_size.width * 2) {
      cv::resize(frame(crop), out_frame, out_size, 0, 0, cv::INTER_AREA);
    } else if (frame.type() == CV_8UC3 && kernels::resize_has_avx2()) {
      kernels::resize_bilinear_bgr(frame(crop), out_frame, out_size);
    } else {
      cv::resize(frame(crop), out_frame, out_size, 0, 0, cv::INTER_LINEAR);
    }
  }
  out_mask = cv::Mat();
  if (model_mask.empty()) return;
  // The mask covers the whole frame at its own resolution: the same crop, to
  // sub-pixel precision (a whole mask pixel is several frame pixels).
  const double sx = static_cast<double>(model_mask.cols) / frame.cols;
  const double sy = static_cast<double>(model_mask.rows) / frame.rows;
  const double zx = static_cast<double>(crop.width) / frame.cols, zy = static_cast<double>(crop.height) / frame.rows;
  // out(u, v) = mask(crop.x*sx + u*zx - shift, ...): pixel centres line up.
  const cv::Matx23d map(zx, 0, crop.x * sx + 0.5 * zx - 0.5, 0, zy, crop.y * sy + 0.5 * zy - 0.5);
  cv::warpAffine(model_mask, out_mask, map, model_mask.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_REPLICATE);
}

}  // namespace fakecam::compose::framing
