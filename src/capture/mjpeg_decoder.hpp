// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Motion-JPEG frames -> BGR or YUV (I420, limited range) with libjpeg-turbo's
// TurboJPEG API, optionally shrunk during decoding (DCT scaling), which is
// cheaper than decoding at full size and resizing afterwards.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"

namespace fakecam::capture {

// A TurboJPEG scaling factor num/denom (1/1, 1/2, 1/4, 1/8).
struct DctScale {
  int num = 1;
  int denom = 1;
  friend bool operator==(const DctScale&, const DctScale&) = default;
};

// The output size of decoding a `full`-sized JPEG at `scale` (rounded up, as
// libjpeg does).
cv::Size scaled_size(cv::Size full, DctScale scale);

// The strongest reduction that still gives at least `at_least` in both
// dimensions (1/1 when at_least is empty or not smaller than full). Only the
// power-of-two factors are used: libjpeg-turbo has SIMD reduced IDCTs for
// those, the others would cost about as much as a full decode.
DctScale choose_dct_scale(cv::Size full, cv::Size at_least);

class MjpegDecoder {
 public:
  MjpegDecoder();  // throws Error if TurboJPEG cannot make a decompressor

  // The JPEG's size, or an empty size when the data has no readable header.
  cv::Size peek_size(std::span<const std::uint8_t> jpeg);

  // Decodes into `out` (CV_8UC3 BGR, reallocated only when its size changes).
  // Returns false, leaving the reason in last_error(), for data that is not a
  // complete valid JPEG (truncated by a flaky USB link, corrupt entropy data,
  // not a JPEG at all); `out` may then hold a partial picture, so decode into
  // a scratch image and keep it only on success.
  bool decode(std::span<const std::uint8_t> jpeg, cv::Mat& out, DctScale scale = {});

  // Decodes into `out` as I420, BT.601 limited range (reallocated only when
  // its size changes), with the same contract for bad data. The JPEG's own
  // YUV planes are kept, never converted to BGR and back: 4:2:0 lands in
  // `out` directly, 4:2:2 (most webcams) has its chroma rows averaged in
  // pairs; other subsamplings (4:4:4, grey, 4:4:0, 4:1:1: rare in webcams)
  // go through BGR. JPEG's full range is then scaled to limited range.
  // A JPEG whose scaled size is odd in either dimension is refused (false,
  // with the size in last_error()): 4:2:0 frames need an even size, and
  // cropping or padding would change the frame size under the caller.
  bool decode(std::span<const std::uint8_t> jpeg, YuvImage& out, DctScale scale = {});

  const std::string& last_error() const { return last_error_; }

 private:
  struct HandleDeleter {
    void operator()(void* handle) const;
  };
  // The JPEG's header after the checks both decodes share: `jpeg` is cut
  // after its end marker. False with last_error() set for bad data.
  bool check(std::span<const std::uint8_t>& jpeg, DctScale scale, cv::Size& full, int& subsampling);
  // The outcome of a TurboJPEG decompression call returning `rc`.
  bool finish(int rc);

  std::unique_ptr<void, HandleDeleter> handle_;
  std::string last_error_;
  cv::Mat chroma_422_;  // U then V of a 4:2:2 JPEG, before the vertical halving
  cv::Mat bgr_;         // the rare subsamplings go through BGR
};

}  // namespace fakecam::capture
