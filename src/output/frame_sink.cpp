// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/frame_sink.hpp"

namespace fakecam::output {

void FrameSink::write_yuv(const YuvImage& frame) {
  yuv_to_bgr(frame, yuv_as_bgr_);
  write(yuv_as_bgr_);
}

}  // namespace fakecam::output
