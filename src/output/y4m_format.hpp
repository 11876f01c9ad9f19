// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The YUV4MPEG2 stream format fakecam writes: a header line, then per frame
// "FRAME\n" and the three I420 planes (Y, Cb, Cr) tightly packed.

#include <string>
#include <string_view>

namespace fakecam::output {

// "YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n".
//
// C420jpeg: the converter's 4:2:0 chroma is the mean of each 2x2 block, so it
// sits centred between the four luma samples: the JPEG/MPEG-1 siting that
// "420jpeg" names (also what ffmpeg assumes for a bare "C420"). "420mpeg2"
// would claim chroma co-sited with the left luma column (MPEG-2/H.264), and
// "420paldv" the PAL DV layout; both would shift colour by half a pixel.
// XCOLORRANGE=LIMITED (ffmpeg's extension; other readers skip X tags) says
// the samples are limited range (Y 16..235). y4m cannot name a matrix: our
// BT.601 is what ffmpeg's swscale assumes when none is given.
std::string y4m_stream_header(int width, int height, int fps);

inline constexpr std::string_view kY4mFrameHeader = "FRAME\n";

}  // namespace fakecam::output
