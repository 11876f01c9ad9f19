// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A frame in the camera's own colour space, kept from capture to output
// (issue 12): planar 4:2:0 YUV (I420), ITU-R BT.601, limited range (Y 16..235,
// Cb/Cr 16..240), chroma sited at the centre of each 2x2 block (JPEG/MPEG-1).
//
// Why one layout: every video-call encoder (VP8/VP9/H.264/AV1 in Chrome,
// Firefox, Zoom) sends 4:2:0, so a 4:2:2 camera's extra vertical chroma never
// reaches the other side; one layout keeps every kernel single. Why limited
// range: it is what YUYV webcams deliver and what every output (v4l2loopback,
// akvcam, PipeWire, y4m) is read as; MJPEG's full-range planes are converted
// once, at capture.
//
// The three planes share one contiguous buffer in I420 order (Y, then U, then
// V: the y4m and V4L2 YU12 layout), so a whole frame copies and writes as one
// block. Copies are shallow, like cv::Mat's.

#include <opencv2/core.hpp>

namespace fakecam {

class YuvImage {
 public:
  YuvImage() = default;
  // Uninitialised planes of `size`, which must be even in both dimensions.
  explicit YuvImage(cv::Size size) { create(size); }

  // Reallocates only when the size changes (or the buffer is shared with
  // another YuvImage, which would otherwise see the writes). Throws Error for
  // an odd or empty size.
  void create(cv::Size size);

  bool empty() const { return data_.empty(); }
  cv::Size size() const { return size_; }
  cv::Size chroma_size() const { return {size_.width / 2, size_.height / 2}; }

  // Views of the planes (CV_8UC1; U and V at chroma_size()). Writing through
  // them writes the image.
  cv::Mat y() const;
  cv::Mat u() const;
  cv::Mat v() const;

  // All three planes, contiguous: width * height * 3 / 2 bytes.
  const std::uint8_t* data() const { return data_.ptr<std::uint8_t>(); }
  std::uint8_t* data() { return data_.ptr<std::uint8_t>(); }
  std::size_t byte_size() const { return data_.total(); }

  YuvImage clone() const;
  // Copies into `out` (reusing its buffer when the size matches).
  void copy_to(YuvImage& out) const;

  // Every pixel `y`, `u`, `v` (black: 16, 128, 128).
  void fill(std::uint8_t y, std::uint8_t u, std::uint8_t v);

 private:
  cv::Mat data_;  // CV_8UC1, 1 x (width * height * 3 / 2)
  cv::Size size_;
};

// The planes of an I420 picture read where they lie: a whole YuvImage, or an
// even rectangle of one (framing's crop at the output's size, composed
// straight from the capture instead of copied out first: issue 13). Rows
// may be further apart than the width (cv::Mat row steps). Like cv::Mat, a
// view shares the image's buffer and keeps it alive.
class YuvView {
 public:
  YuvView() = default;
  // The whole image (implicit, as a string to a string_view: every reader of
  // a frame takes either).
  YuvView(const YuvImage& image);  // NOLINT(google-explicit-constructor)
  // `rect` of the image: its corner and size even (whole chroma samples),
  // inside the image. Throws Error otherwise.
  YuvView(const YuvImage& image, const cv::Rect& rect);
  bool empty() const { return y_.empty(); }
  cv::Size size() const { return y_.size(); }
  cv::Size chroma_size() const { return u_.size(); }
  // The planes (CV_8UC1; U and V at chroma_size()), views as YuvImage's.
  const cv::Mat& y() const { return y_; }
  const cv::Mat& u() const { return u_; }
  const cv::Mat& v() const { return v_; }
  // Copies into `out` (reusing its buffer when the size matches).
  void copy_to(YuvImage& out) const;

 private:
  cv::Mat y_, u_, v_;
};

// Limited-range BT.601 conversions through libyuv (its RGB24 is OpenCV's BGR).
// `bgr`: CV_8UC3 of even size.
void bgr_to_yuv(const cv::Mat& bgr, YuvImage& out);
// `out` becomes CV_8UC3 of the image's size.
void yuv_to_bgr(const YuvImage& yuv, cv::Mat& out);

// Converts planes of JPEG's full range (Y and Cb/Cr in 0..255) in place to
// limited range, rounding to nearest.
void full_to_limited_range(YuvImage& image);
// The same from full-range planes elsewhere (a decoder's; U and V at half
// the size of Y) into `out`, in one pass instead of a copy and a conversion.
void full_to_limited_range(const cv::Mat& y, const cv::Mat& u, const cv::Mat& v, YuvImage& out);

// `src` scaled to `size` (even) with libyuv's box filter (area averaging
// when shrinking) into `out`.
void scale_yuv(const YuvImage& src, cv::Size size, YuvImage& out);

// src(crop) scaled to `size` (even) into `out`, for framing: libyuv's
// bilinear down to half the size (pixel centres aligned, as cv::resize's
// INTER_LINEAR, when shrinking and at exactly 2x; other upscales align the
// corner pixels, within a quarter of a source pixel of that), its box
// filter (area averaging) below that; a crop of `size` is copied. `crop` lies in src, its corner and size even (whole
// chroma samples). Throws Error otherwise.
void crop_scale_yuv(const YuvImage& src, const cv::Rect& crop, cv::Size size, YuvImage& out);

// Mirrors each plane: hflip left-right, vflip top-bottom.
void flip_yuv(YuvImage& image, bool hflip, bool vflip);

}  // namespace fakecam
