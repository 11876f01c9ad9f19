// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// FFmpeg's libraries, loaded when the media layer is first used rather than
// when fakecam starts. libavformat and libavcodec bring about a hundred
// shared libraries with them (codecs, TLS, Blu-ray, subtitles...): linked
// directly they cost every fakecam process ~30 MB of resident memory and
// most of its start-up (measured: 177 libraries and 95 M cycles in the
// dynamic loader for `fakecam --version`; 4-8 s per start in the TCG test
// guests), while a webcam with a blurred or coloured background never opens
// a file. Only src/media calls FFmpeg, and only through ffmpeg().

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/dict.h>
#include <libavutil/error.h>
#include <libavutil/frame.h>
#include <libavutil/log.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace fakecam::media {

// X(library, function): every FFmpeg function the media layer calls, by the
// library that exports it (the names in ffmpeg_api.cpp's load list).
#define FAKECAM_FFMPEG_FUNCTIONS(X)         \
  X(avutil, av_dict_free)                   \
  X(avutil, av_dict_get)                    \
  X(avutil, av_dict_set)                    \
  X(avutil, av_frame_alloc)                 \
  X(avutil, av_frame_free)                  \
  X(avutil, av_frame_get_buffer)            \
  X(avutil, av_get_pix_fmt_name)            \
  X(avutil, av_log_format_line2)            \
  X(avutil, av_log_set_callback)            \
  X(avutil, av_pix_fmt_desc_get)            \
  X(avutil, av_strerror)                    \
  X(swscale, sws_freeContext)               \
  X(swscale, sws_getCoefficients)           \
  X(swscale, sws_getContext)                \
  X(swscale, sws_scale)                     \
  X(swscale, sws_setColorspaceDetails)      \
  X(avcodec, av_packet_alloc)               \
  X(avcodec, av_packet_free)                \
  X(avcodec, av_packet_ref)                 \
  X(avcodec, av_packet_unref)               \
  X(avcodec, avcodec_alloc_context3)        \
  X(avcodec, avcodec_find_encoder)          \
  X(avcodec, avcodec_flush_buffers)         \
  X(avcodec, avcodec_free_context)          \
  X(avcodec, avcodec_get_name)              \
  X(avcodec, avcodec_open2)                 \
  X(avcodec, avcodec_parameters_to_context) \
  X(avcodec, avcodec_receive_frame)         \
  X(avcodec, avcodec_receive_packet)        \
  X(avcodec, avcodec_send_frame)            \
  X(avcodec, avcodec_send_packet)           \
  X(avformat, av_find_best_stream)          \
  X(avformat, av_guess_frame_rate)          \
  X(avformat, av_read_frame)                \
  X(avformat, av_seek_frame)                \
  X(avformat, avformat_close_input)         \
  X(avformat, avformat_find_stream_info)    \
  X(avformat, avformat_open_input)

// The functions, with the types of the headers fakecam was built against.
struct FfmpegApi {
#define FAKECAM_FFMPEG_POINTER(library, name) decltype(&::name) name = nullptr;
  FAKECAM_FFMPEG_FUNCTIONS(FAKECAM_FFMPEG_POINTER)
#undef FAKECAM_FFMPEG_POINTER
};

// FFmpeg, loaded on the first call (thread-safe) with its log routed to
// spdlog (ffmpeg_log.hpp). Throws fakecam::Error naming the library that is
// missing or too old ("libavformat.so.59: cannot open shared object file...");
// the next call tries again.
const FfmpegApi& ffmpeg();

}  // namespace fakecam::media
