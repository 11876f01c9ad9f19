// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/yuv_image.hpp"

#include <cstdint>
#include <cstring>

#include <libyuv/convert.h>
#include <libyuv/convert_argb.h>
#include <libyuv/scale.h>

#include "common/cpu_features.hpp"
#include "common/error.hpp"

namespace fakecam {

void YuvImage::create(cv::Size size) {
  if (size.width <= 0 || size.height <= 0 || size.width % 2 != 0 || size.height % 2 != 0) {
    fail("a YUV 4:2:0 frame needs an even, non-empty size, not {}x{}", size.width, size.height);
  }
  // A shared buffer is not reused: another holder of it would see the writes.
  if (size == size_ && !data_.empty() && data_.u->refcount == 1) return;
  data_ = cv::Mat(1, size.width * size.height * 3 / 2, CV_8UC1);
  size_ = size;
}

cv::Mat YuvImage::y() const {
  return cv::Mat(size_, CV_8UC1, const_cast<std::uint8_t*>(data()), static_cast<std::size_t>(size_.width));
}

cv::Mat YuvImage::u() const {
  const std::size_t offset = static_cast<std::size_t>(size_.area());
  return cv::Mat(chroma_size(), CV_8UC1, const_cast<std::uint8_t*>(data()) + offset,
                 static_cast<std::size_t>(size_.width / 2));
}

cv::Mat YuvImage::v() const {
  const std::size_t offset = static_cast<std::size_t>(size_.area()) + static_cast<std::size_t>(size_.area() / 4);
  return cv::Mat(chroma_size(), CV_8UC1, const_cast<std::uint8_t*>(data()) + offset,
                 static_cast<std::size_t>(size_.width / 2));
}

YuvImage YuvImage::clone() const {
  YuvImage out;
  copy_to(out);
  return out;
}

void YuvImage::copy_to(YuvImage& out) const {
  if (empty()) {
    out = YuvImage();
    return;
  }
  out.create(size_);
  std::memcpy(out.data(), data(), byte_size());
}

YuvView::YuvView(const YuvImage& image) : y_(image.y()), u_(image.u()), v_(image.v()) {}

YuvView::YuvView(const YuvImage& image, const cv::Rect& rect) {
  const cv::Rect whole(cv::Point(), image.size());
  if (rect.empty() || (rect & whole) != rect || rect.x % 2 != 0 || rect.y % 2 != 0 || rect.width % 2 != 0 ||
      rect.height % 2 != 0) {
    fail("a view of a {}x{} YUV frame needs an even rectangle inside it, not {}x{} at ({}, {})", image.size().width,
         image.size().height, rect.width, rect.height, rect.x, rect.y);
  }
  const cv::Rect half(rect.x / 2, rect.y / 2, rect.width / 2, rect.height / 2);
  y_ = image.y()(rect);
  u_ = image.u()(half);
  v_ = image.v()(half);
}

void YuvView::copy_to(YuvImage& out) const {
  if (empty()) {
    out = YuvImage();
    return;
  }
  out.create(size());
  y_.copyTo(out.y());
  u_.copyTo(out.u());
  v_.copyTo(out.v());
}

void YuvImage::fill(std::uint8_t y_value, std::uint8_t u_value, std::uint8_t v_value) {
  y().setTo(y_value);
  u().setTo(u_value);
  v().setTo(v_value);
}

void bgr_to_yuv(const cv::Mat& bgr, YuvImage& out) {
  if (bgr.empty() || bgr.type() != CV_8UC3) fail("bgr_to_yuv: expected an 8-bit 3-channel image");
  out.create(bgr.size());
  cv::Mat y = out.y(), u = out.u(), v = out.v();
  libyuv::RGB24ToI420(bgr.ptr(), static_cast<int>(bgr.step), y.data, static_cast<int>(y.step), u.data,
                      static_cast<int>(u.step), v.data, static_cast<int>(v.step), bgr.cols, bgr.rows);
}

void yuv_to_bgr(const YuvImage& yuv, cv::Mat& out) {
  if (yuv.empty()) fail("yuv_to_bgr: empty image");
  out.create(yuv.size(), CV_8UC3);
  const cv::Mat y = yuv.y(), u = yuv.u(), v = yuv.v();
  libyuv::I420ToRGB24(y.data, static_cast<int>(y.step), u.data, static_cast<int>(u.step), v.data,
                      static_cast<int>(v.step), out.ptr(), static_cast<int>(out.step), out.cols, out.rows);
}

void full_to_limited_range(YuvImage& image) { full_to_limited_range(image.y(), image.u(), image.v(), image); }

namespace {

// out = round((a * in + b) / 255) on `count` bytes, 16-bit lanes that the
// compiler vectorizes (-O3 for this file). Exact for every byte value:
// a * in + b is never an odd multiple of 127.5, so there are no ties, and
// (t + (t >> 8)) >> 8 with t = x + 128 rounds x / 255 exactly for the x
// these planes give (at most 61088; yuv_image_test checks every input byte
// against the formula). Built for AVX2 and AVX-512BW as well, picked at run
// time: 3.5x faster than the cv::Mat::convertTo it replaced
// (bench/capture, BM_FullToLimitedRange).
[[gnu::always_inline]] inline void scale_bytes(const std::uint8_t* src, std::uint8_t* dst, int count, std::uint16_t a,
                                               std::uint16_t b) {
  for (int x = 0; x < count; ++x) {
    const auto t = static_cast<std::uint16_t>(a * src[x] + b + 128);
    dst[x] = static_cast<std::uint8_t>((t + (t >> 8)) >> 8);
  }
}
void scale_bytes_baseline(const std::uint8_t* src, std::uint8_t* dst, int count, std::uint16_t a, std::uint16_t b) {
  scale_bytes(src, dst, count, a, b);
}
#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("avx2"))) void scale_bytes_avx2(const std::uint8_t* src, std::uint8_t* dst, int count,
                                                      std::uint16_t a, std::uint16_t b) {
  scale_bytes(src, dst, count, a, b);
}
__attribute__((target("avx512f,avx512bw"))) void scale_bytes_avx512(const std::uint8_t* src, std::uint8_t* dst,
                                                                    int count, std::uint16_t a, std::uint16_t b) {
  scale_bytes(src, dst, count, a, b);
}
#endif

using ScaleBytes = void (*)(const std::uint8_t*, std::uint8_t*, int, std::uint16_t, std::uint16_t);
ScaleBytes pick_scale_bytes() {
#if defined(__x86_64__) && defined(__GNUC__)
  if (cpu_features().avx512bw) return scale_bytes_avx512;
  if (cpu_features().avx2) return scale_bytes_avx2;
#endif
  return scale_bytes_baseline;
}

void scale_plane(const cv::Mat& in, cv::Mat& out, std::uint16_t a, std::uint16_t b) {
  static const ScaleBytes scale = pick_scale_bytes();
  for (int r = 0; r < in.rows; ++r) scale(in.ptr<std::uint8_t>(r), out.ptr<std::uint8_t>(r), in.cols, a, b);
}

}  // namespace

void full_to_limited_range(const cv::Mat& y, const cv::Mat& u, const cv::Mat& v, YuvImage& out) {
  if (y.type() != CV_8UC1 || u.type() != CV_8UC1 || v.type() != CV_8UC1 || u.size() != v.size() ||
      u.size() != cv::Size(y.cols / 2, y.rows / 2)) {
    fail("full_to_limited_range: expected 8-bit 4:2:0 planes");
  }
  if (out.data() != y.data) out.create(y.size());
  cv::Mat oy = out.y(), ou = out.u(), ov = out.v();
  // Luma 0..255 -> 16..235: 16 + in * 219 / 255; chroma 0..255 -> 16..240
  // around 128: 128 + (in - 128) * 224 / 255 = (224 * in + 3968) / 255.
  scale_plane(y, oy, 219, 16 * 255);
  scale_plane(u, ou, 224, 3968);
  scale_plane(v, ov, 224, 3968);
}

void scale_yuv(const YuvImage& src, cv::Size size, YuvImage& out) {
  if (src.empty()) fail("scale_yuv: empty image");
  out.create(size);
  const cv::Mat sy = src.y(), su = src.u(), sv = src.v();
  cv::Mat y = out.y(), u = out.u(), v = out.v();
  libyuv::I420Scale(sy.data, static_cast<int>(sy.step), su.data, static_cast<int>(su.step), sv.data,
                    static_cast<int>(sv.step), sy.cols, sy.rows, y.data, static_cast<int>(y.step), u.data,
                    static_cast<int>(u.step), v.data, static_cast<int>(v.step), size.width, size.height,
                    libyuv::kFilterBox);
}

void crop_scale_yuv(const YuvImage& src, const cv::Rect& crop, cv::Size size, YuvImage& out) {
  if (src.empty()) fail("crop_scale_yuv: empty image");
  if ((crop & cv::Rect({0, 0}, src.size())) != crop || crop.empty() ||
      ((crop.x | crop.y | crop.width | crop.height) & 1)) {
    fail("crop_scale_yuv: crop {}x{}+{}+{} is not an even rectangle in the {}x{} image", crop.width, crop.height,
         crop.x, crop.y, src.size().width, src.size().height);
  }
  out.create(size);
  const cv::Rect half(crop.x / 2, crop.y / 2, crop.width / 2, crop.height / 2);
  const cv::Mat sy = src.y()(crop), su = src.u()(half), sv = src.v()(half);
  cv::Mat y = out.y(), u = out.u(), v = out.v();
  if (crop.size() == size) {
    sy.copyTo(y);
    su.copyTo(u);
    sv.copyTo(v);
    return;
  }
  const bool far = crop.width > size.width * 2 || crop.height > size.height * 2;
  libyuv::I420Scale(sy.data, static_cast<int>(sy.step), su.data, static_cast<int>(su.step), sv.data,
                    static_cast<int>(sv.step), sy.cols, sy.rows, y.data, static_cast<int>(y.step), u.data,
                    static_cast<int>(u.step), v.data, static_cast<int>(v.step), size.width, size.height,
                    far ? libyuv::kFilterBox : libyuv::kFilterBilinear);
}

void flip_yuv(YuvImage& image, bool hflip, bool vflip) {
  if (!hflip && !vflip) return;
  const int code = hflip && vflip ? -1 : hflip ? 1 : 0;
  for (cv::Mat plane : {image.y(), image.u(), image.v()}) cv::flip(plane, plane, code);
}

}  // namespace fakecam
