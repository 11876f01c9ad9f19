// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/mjpeg_decoder.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <climits>

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

bool MjpegDecoder::decode(std::span<const std::uint8_t> jpeg, cv::Mat& out, DctScale scale) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) {
    last_error_ = "not JPEG data (no start-of-image marker)";
    return false;
  }
  jpeg = through_eoi(jpeg);
  if (jpeg.empty()) {
    last_error_ = "truncated JPEG (no end-of-image marker)";
    return false;
  }
  const cv::Size full = peek_size(jpeg);
  if (full.empty()) {
    last_error_ = std::string("unreadable JPEG header: ") + tjGetErrorStr2(handle_.get());
    return false;
  }
  if (!factor_available(scale)) {
    last_error_ = "unsupported DCT scaling factor";
    return false;
  }
  const cv::Size size = scaled_size(full, scale);
  out.create(size, CV_8UC3);
  const int rc = tjDecompress2(handle_.get(), jpeg.data(), static_cast<unsigned long>(jpeg.size()), out.data,
                               size.width, static_cast<int>(out.step[0]), size.height, TJPF_BGR, 0);
  if (rc == 0) return true;
  const char* message = tjGetErrorStr2(handle_.get());
  // A warning means libjpeg finished the picture but met bad data on the way
  // (corrupt Huffman codes, a short segment): the picture has garbage blocks.
  if (tjGetErrorCode(handle_.get()) == TJERR_WARNING && harmless_warning(message)) return true;
  last_error_ = message != nullptr ? message : "JPEG decoding failed";
  return false;
}

}  // namespace fakecam::capture
