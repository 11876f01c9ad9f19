// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Decoded FFmpeg frames -> fakecam's YuvImage (I420, BT.601 limited range)
// without a detour through BGR, for the 8-bit YUV layouts decoders give:
// what MJPEG, H.264, VP8/9 and AV1 videos decode to.

#include "common/yuv_image.hpp"
#include "media/av_handles.hpp"

namespace fakecam::media {

// Copies or rearranges `frame`'s planes into `out` when the frame is 8-bit
// YUV 4:2:0 (copied), 4:2:2 (chroma rows averaged in pairs), 4:4:4 (chroma
// averaged over 2x2), NV12 or NV21 (split), alpha ignored, of even size and
// not BT.709 (whose colours differ from BT.601's for the same planes).
// Full-range planes (yuvj*, or tagged as JPEG range) are scaled to limited
// range. False, `out` untouched, for any other frame: the caller converts
// those through BGR.
bool frame_to_yuv(const AVFrame& frame, YuvImage& out);

// Turns an image stored with EXIF orientation `orientation` (1..8) upright,
// plane by plane (5..8 swap width and height).
void apply_exif_orientation(int orientation, YuvImage& image);

}  // namespace fakecam::media
