// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/mjpeg_decoder.hpp"

#include <libyuv/convert.h>
#include <turbojpeg.h>

#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "common/error.hpp"

namespace fakecam::capture {

namespace {

bool factor_available(DctScale scale) {
  int count = 0;
  const tjscalingfactor* factors = tjGetScalingFactors(&count);
  if (factors == nullptr) return scale == DctScale{};
  return std::any_of(factors, factors + count,
                     [&](const tjscalingfactor& f) { return f.num * scale.denom == scale.num * f.denom; });
}

// The JPEG data up to and including its end-of-image marker (FFD9), or an
// empty span when there is none. A frame cut short by the USB link lacks it,
// and libjpeg would "decode" it anyway, painting the missing rows grey. FF D9
// cannot occur inside entropy-coded data (FF is stuffed there), so the last
// one is the real end; webcams may pad the payload after it.
std::span<const std::uint8_t> through_eoi(std::span<const std::uint8_t> jpeg) {
  for (std::size_t end = jpeg.size(); end >= 2; --end) {
    if (jpeg[end - 2] == 0xFF && jpeg[end - 1] == 0xD9) return jpeg.first(end);
  }
  return {};
}

// libjpeg's warning for stray bytes between segments; many UVC webcams emit it
// on every frame while the picture is intact, so it must not drop frames.
bool harmless_warning(const char* message) {
  return message != nullptr &&
         std::string_view(message).find("extraneous bytes before marker") != std::string_view::npos;
}

}  // namespace

void MjpegDecoder::HandleDeleter::operator()(void* handle) const { tjDestroy(handle); }

cv::Size scaled_size(cv::Size full, DctScale scale) {
  const tjscalingfactor factor{scale.num, scale.denom};
  return {TJSCALED(full.width, factor), TJSCALED(full.height, factor)};
}

DctScale choose_dct_scale(cv::Size full, cv::Size at_least) {
  DctScale best{};
  if (at_least.width <= 0 && at_least.height <= 0) return best;
  for (const int denom : {2, 4, 8}) {
    const DctScale candidate{1, denom};
    const cv::Size size = scaled_size(full, candidate);
    if (size.width < at_least.width || size.height < at_least.height) break;
    if (factor_available(candidate)) best = candidate;
  }
  return best;
}

MjpegDecoder::MjpegDecoder() : handle_(tjInitDecompress()) {
  if (!handle_) fail("cannot start the JPEG decoder (TurboJPEG): {}", tjGetErrorStr2(nullptr));
}

cv::Size MjpegDecoder::peek_size(std::span<const std::uint8_t> jpeg) {
  int width = 0, height = 0, subsampling = 0, colorspace = 0;
  if (jpeg.size() < 4 || jpeg.size() > ULONG_MAX ||
      tjDecompressHeader3(handle_.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()), &width, &height,
                          &subsampling, &colorspace) != 0) {
    return {};
  }
  return {width, height};
}

bool MjpegDecoder::check(std::span<const std::uint8_t>& jpeg, DctScale scale, cv::Size& full, int& subsampling) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
    last_error_ = "not JPEG data (no start-of-image marker)";
    return false;
  }
  jpeg = through_eoi(jpeg);
  if (jpeg.empty()) {
    last_error_ = "truncated JPEG (no end-of-image marker)";
    return false;
  }
  int width = 0, height = 0, colorspace = 0;
  if (jpeg.size() > ULONG_MAX ||
      tjDecompressHeader3(handle_.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()), &width, &height,
                          &subsampling, &colorspace) != 0) {
    last_error_ = std::string("unreadable JPEG header: ") + tjGetErrorStr2(handle_.get());
    return false;
  }
  full = {width, height};
  if (!factor_available(scale)) {
    last_error_ = "unsupported DCT scaling factor";
    return false;
  }
  return true;
}

bool MjpegDecoder::finish(int rc) {
  if (rc == 0) return true;
  const char* message = tjGetErrorStr2(handle_.get());
  // A warning means libjpeg finished the picture but met bad data on the way
  // (corrupt Huffman codes, a short segment): the picture has garbage blocks.
  if (tjGetErrorCode(handle_.get()) == TJERR_WARNING && harmless_warning(message)) return true;
  last_error_ = message != nullptr ? message : "JPEG decoding failed";
  return false;
}

bool MjpegDecoder::decode(std::span<const std::uint8_t> jpeg, cv::Mat& out, DctScale scale) {
  cv::Size full;
  int subsampling = 0;
  if (!check(jpeg, scale, full, subsampling)) return false;
  const cv::Size size = scaled_size(full, scale);
  out.create(size, CV_8UC3);
  return finish(tjDecompress2(handle_.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()), out.data, size.width,
                              static_cast<int>(out.step[0]), size.height, TJPF_BGR, 0));
}

bool MjpegDecoder::decode(std::span<const std::uint8_t> jpeg, YuvImage& out, DctScale scale) {
  cv::Size full;
  int subsampling = 0;
  if (!check(jpeg, scale, full, subsampling)) return false;
  const cv::Size size = scaled_size(full, scale);
  if (size.width % 2 != 0 || size.height % 2 != 0) {
    last_error_ = fmt::format("the JPEG decodes at {}x{}: YUV 4:2:0 frames need an even width and height", size.width,
                              size.height);
    return false;
  }
  if (subsampling != TJSAMP_420 && subsampling != TJSAMP_422) {
    if (!decode(jpeg, bgr_, scale)) return false;
    bgr_to_yuv(bgr_, out);  // limited range already
    return true;
  }
  out.create(size);
  cv::Mat y = out.y(), u = out.u(), v = out.v();
  unsigned char* planes[3] = {y.data, u.data, v.data};
  int strides[3] = {static_cast<int>(y.step[0]), static_cast<int>(u.step[0]), static_cast<int>(v.step[0])};
  const cv::Size chroma = out.chroma_size();
  if (subsampling == TJSAMP_422) {
    // Full-height chroma planes, stacked: U rows then V rows.
    chroma_422_.create(2 * size.height, chroma.width, CV_8UC1);
    planes[1] = chroma_422_.ptr(0);
    planes[2] = chroma_422_.ptr(size.height);
    strides[1] = strides[2] = static_cast<int>(chroma_422_.step[0]);
  }
  if (!finish(tjDecompressToYUVPlanes(handle_.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()), planes,
                                      size.width, strides, size.height, 0))) {
    return false;
  }
  if (subsampling == TJSAMP_422) {
    // Luma is already in place (null planes: libyuv leaves it); each pair of
    // chroma rows is averaged into one, the 4:2:0 sample between them.
    if (libyuv::I422ToI420(nullptr, 0, planes[1], strides[1], planes[2], strides[2], nullptr, 0, u.data,
                           static_cast<int>(u.step[0]), v.data, static_cast<int>(v.step[0]), size.width,
                           size.height) != 0) {
      last_error_ = "cannot convert the JPEG's 4:2:2 chroma to 4:2:0";
      return false;
    }
  }
  full_to_limited_range(out);
  return true;
}

}  // namespace fakecam::capture
