// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Motion-JPEG frames -> BGR with libjpeg-turbo's TurboJPEG API, optionally
// shrunk during decoding (DCT scaling), which is cheaper than decoding at full
// size and resizing afterwards.

#include <cstdint>
#include <memory>
#include <span>
#include <string>

#include <opencv2/core.hpp>

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

  const std::string& last_error() const { return last_error_; }

 private:
  struct HandleDeleter {
    void operator()(void* handle) const;
  };
  std::unique_ptr<void, HandleDeleter> handle_;
  std::string last_error_;
};

}  // namespace fakecam::capture
