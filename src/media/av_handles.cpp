// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/av_handles.hpp"
#include "media/ffmpeg_api.hpp"

#include <new>

extern "C" {
#include <libavutil/error.h>
}

namespace fakecam::media {

FramePtr make_frame() {
  FramePtr frame(ffmpeg().av_frame_alloc());
  if (!frame) throw std::bad_alloc();
  return frame;
}

PacketPtr make_packet() {
  PacketPtr packet(ffmpeg().av_packet_alloc());
  if (!packet) throw std::bad_alloc();
  return packet;
}

CodecContextPtr make_codec_context(const AVCodec* codec) {
  CodecContextPtr context(ffmpeg().avcodec_alloc_context3(codec));
  if (!context) throw std::bad_alloc();
  return context;
}

std::string av_error_text(int code) {
  char text[AV_ERROR_MAX_STRING_SIZE] = {};
  ffmpeg().av_strerror(code, text, sizeof text);
  return text;
}

}  // namespace fakecam::media
