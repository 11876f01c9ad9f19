// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/framing/framer.hpp"

#include <algorithm>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "compose/framing/person_box.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resize_bgr.hpp"

namespace fakecam::compose::framing {

namespace {

// Where each output sample reads along one axis: position offset + (i + 0.5)
// * step - 0.5 in the source, clamped to it (warpAffine's BORDER_REPLICATE),
// as the first source sample and the weight of the next (which exists:
// src_len >= 2).
struct AxisTaps {
  AxisTaps(int n, int src_len, Framer::MaskAxis axis)
      : x0(static_cast<std::size_t>(n)), w(static_cast<std::size_t>(n)) {
    for (int i = 0; i < n; ++i) {
      const double p = std::clamp(axis.offset + (i + 0.5) * axis.step - 0.5, 0.0, static_cast<double>(src_len - 1));
      const int first = std::min(static_cast<int>(p), src_len - 2);
      x0[static_cast<std::size_t>(i)] = first;
      w[static_cast<std::size_t>(i)] = static_cast<float>(p - first);
    }
  }
  std::vector<int> x0;
  std::vector<float> w;
};

}  // namespace

// The mask's crop as two 1-D passes: warpAffine on the float mask cost
// 0.116 ms a frame (framing_bench, 1.5x of 1080p), this 0.051. And exact:
// warpAffine quantizes positions to 1/32 pixel.
void Framer::crop_mask_f32(const cv::Mat& mask, MaskAxis x, MaskAxis y, cv::Mat& out) {
  const AxisTaps cols(mask.cols, mask.cols, x), rows(mask.rows, mask.rows, y);
  out.create(mask.size(), CV_32FC1);
  // Each source row stretched once, kept in a slot by its parity (r and
  // r + 1 never share one): zoomed in, consecutive output rows read the same
  // two source rows, and stretching both for every output row did each ~3x.
  std::vector<float> slots[2] = {std::vector<float>(static_cast<std::size_t>(mask.cols)),
                                 std::vector<float>(static_cast<std::size_t>(mask.cols))};
  int held[2] = {-1, -1};
  const auto stretched = [&](int r) -> const std::vector<float>& {
    const int slot = r % 2;
    if (held[slot] != r) {
      kernels::stretch_row_f32(mask.ptr<float>(r), cols.x0.data(), cols.w.data(), slots[slot].data(), mask.cols);
      held[slot] = r;
    }
    return slots[slot];
  };
  for (int v = 0; v < mask.rows; ++v) {
    const int r = rows.x0[static_cast<std::size_t>(v)];
    const float wy = rows.w[static_cast<std::size_t>(v)];
    const std::vector<float>& above = stretched(r);
    const std::vector<float>& below = stretched(r + 1);
    float* o = out.ptr<float>(v);
    for (std::size_t u = 0; u < above.size(); ++u) o[u] = above[u] + wy * (below[u] - above[u]);
  }
}

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
  crop_mask(model_mask, frame.size(), crop, out_mask);
}

cv::Rect Framer::even_crop(const cv::Rect& crop) {
  return {crop.x & ~1, crop.y & ~1, std::max(2, crop.width & ~1), std::max(2, crop.height & ~1)};
}

YuvView Framer::crop(const YuvImage& frame, const cv::Mat& model_mask, const cv::Rect& crop, cv::Size out_size,
                     YuvImage& scaled, cv::Mat& out_mask) {
  const cv::Rect even = even_crop(crop);
  crop_mask(model_mask, frame.size(), even, out_mask);
  if (even.size() == out_size) return {frame, even};
  crop_scale_yuv(frame, even, out_size, scaled);
  return scaled;
}

void Framer::crop_mask(const cv::Mat& model_mask, cv::Size frame, const cv::Rect& crop, cv::Mat& out_mask) {
  out_mask = cv::Mat();
  if (model_mask.empty()) return;
  // The mask covers the whole frame at its own resolution: the same crop, to
  // sub-pixel precision (a whole mask pixel is several frame pixels).
  const double sx = static_cast<double>(model_mask.cols) / frame.width;
  const double sy = static_cast<double>(model_mask.rows) / frame.height;
  const double zx = static_cast<double>(crop.width) / frame.width, zy = static_cast<double>(crop.height) / frame.height;
  // out(u, v) = mask(crop.x*sx + (u + 0.5)*zx - 0.5, ...): pixel centres line up.
  if (model_mask.type() == CV_32FC1 && model_mask.cols >= 2 && model_mask.rows >= 2) {
    crop_mask_f32(model_mask, {crop.x * sx, zx}, {crop.y * sy, zy}, out_mask);
    return;
  }
  const cv::Matx23d map(zx, 0, crop.x * sx + 0.5 * zx - 0.5, 0, zy, crop.y * sy + 0.5 * zy - 0.5);
  cv::warpAffine(model_mask, out_mask, map, model_mask.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
                 cv::BORDER_REPLICATE);
}

}  // namespace fakecam::compose::framing
