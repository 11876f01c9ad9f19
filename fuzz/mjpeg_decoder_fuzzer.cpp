// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the MJPEG path a webcam feeds (untrusted bytes from a
// USB device): peek_size and decode (to BGR and to I420) at full and scaled
// size must accept or refuse any input, never crash.

#include <cstddef>
#include <cstdint>
#include <span>

#include <opencv2/core.hpp>

#include "capture/mjpeg_decoder.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static fakecam::capture::MjpegDecoder decoder;
  const std::span<const std::uint8_t> jpeg(data, size);
  const cv::Size full = decoder.peek_size(jpeg);
  // Images a webcam could send; skip absurd headers before decoding so the
  // fuzzer spends its time on the decoder rather than on allocation.
  if (full.width <= 0 || full.height <= 0 || full.area() > 4096 * 4096) return 0;
  cv::Mat out;
  decoder.decode(jpeg, out);
  decoder.decode(jpeg, out, fakecam::capture::DctScale{1, 4});
  fakecam::YuvImage yuv;
  decoder.decode(jpeg, yuv);
  decoder.decode(jpeg, yuv, fakecam::capture::DctScale{1, 4});
  return 0;
}
