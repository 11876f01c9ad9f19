// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Owning handles for FFmpeg's C objects: each frees its object with the
// matching FFmpeg call, so an early return or an exception leaks nothing.

#include <memory>
#include <string>

#include "media/ffmpeg_api.hpp"

namespace fakecam::media {

struct InputContextDeleter {
  void operator()(AVFormatContext* context) const { ffmpeg().avformat_close_input(&context); }
};
struct CodecContextDeleter {
  void operator()(AVCodecContext* context) const { ffmpeg().avcodec_free_context(&context); }
};
struct FrameDeleter {
  void operator()(AVFrame* frame) const { ffmpeg().av_frame_free(&frame); }
};
struct PacketDeleter {
  void operator()(AVPacket* packet) const { ffmpeg().av_packet_free(&packet); }
};
struct ScalerDeleter {
  void operator()(SwsContext* context) const { ffmpeg().sws_freeContext(context); }
};

using InputContextPtr = std::unique_ptr<AVFormatContext, InputContextDeleter>;
using CodecContextPtr = std::unique_ptr<AVCodecContext, CodecContextDeleter>;
using FramePtr = std::unique_ptr<AVFrame, FrameDeleter>;
using PacketPtr = std::unique_ptr<AVPacket, PacketDeleter>;
using ScalerPtr = std::unique_ptr<SwsContext, ScalerDeleter>;

// Allocating constructors; they throw std::bad_alloc when FFmpeg is out of memory.
FramePtr make_frame();
PacketPtr make_packet();
CodecContextPtr make_codec_context(const AVCodec* codec);

// FFmpeg's text for an AVERROR code ("Invalid data found when processing input").
std::string av_error_text(int code);

}  // namespace fakecam::media
