// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Decoded FFmpeg frames (any pixel format: YUV of any subsampling and range,
// RGB, grey, palette, 16-bit) to 8-bit BGR or BGRA cv::Mat: the common 8-bit
// YUV layouts through libyuv (yuv_to_bgr.hpp), the rest through swscale.

#include <opencv2/core.hpp>

#include "common/pixel_format.hpp"
#include "media/av_handles.hpp"
#include "media/yuv_to_bgr.hpp"

namespace fakecam::media {

class FrameConverter {
 public:
  // Converts `frame` at its own size into `out` (laid out as `layout`), reusing out's buffer when it
  // has the right size and the slack swscale needs. Throws Error when the
  // frame's pixel format cannot be converted.
  void convert(const AVFrame& frame, PixelFormat layout, cv::Mat& out);

 private:
  struct ScalerKey {
    int width = 0, height = 0, format = -1, colorspace = 0;
    bool full_range = false;
    PixelFormat layout = PixelFormat::bgr24;
    bool operator==(const ScalerKey&) const = default;
  };

  LibyuvConverter libyuv_;
  ScalerPtr scaler_;  // made for key_: the last frame's size, format and colour space
  ScalerKey key_;
};

// The EXIF orientation (1..8) the decoder found in a JPEG/TIFF frame's
// metadata; 1 (as stored) when there is none.
int exif_orientation(const AVFrame& frame);

// Turns an image stored with EXIF orientation `orientation` upright.
void apply_exif_orientation(int orientation, cv::Mat& image);

}  // namespace fakecam::media
