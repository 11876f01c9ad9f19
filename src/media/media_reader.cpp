// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/media_reader.hpp"

#include <cerrno>
#include <string_view>
#include <system_error>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "common/log.hpp"
#include "media/ffmpeg_api.hpp"
#include "media/ffmpeg_log.hpp"
#include "media/frame_to_yuv.hpp"

namespace fakecam::media {
namespace {

// Larger pictures are refused before anything is allocated for them: a
// crafted header must not make fakecam allocate gigabytes. 8192x8192.
constexpr std::int64_t kMaxPixels = std::int64_t{1} << 26;
// A stream that fails this many packets in a row has no more frames to give.
constexpr int kMaxConsecutiveErrors = 64;

bool is_image_demuxer(const AVInputFormat& format) {
  const std::string_view name = format.name;
  return name == "image2" || name.ends_with("_pipe");
}

[[noreturn]] void fail_open(const std::filesystem::path& path, int code) {
  if (code == AVERROR(ENOENT))
    throw OpenError(OpenError::Kind::not_media, fmt::format("{}: no such file", path.string()));
  if (code == AVERROR(EACCES) || code == AVERROR(EPERM) || code == AVERROR(EISDIR)) {
    throw OpenError(OpenError::Kind::not_media, fmt::format("{}: cannot open: {}", path.string(), av_error_text(code)));
  }
  throw OpenError(
      OpenError::Kind::not_media,
      fmt::format("{}: not an image or video fakecam can read (unknown format or corrupt data)", path.string()));
}

// When the decoder just refused a picture for its size, says so: the
// decoder's own failure reads like corrupt data.
void fail_if_too_large(const std::filesystem::path& path) {
  const auto refused = refused_picture_size();
  if (!refused || std::int64_t{refused->width} * refused->height <= kMaxPixels) return;
  throw OpenError(
      OpenError::Kind::too_large,
      fmt::format("{}: the picture is {}x{}, too large: fakecam reads pictures of at most {} pixels (8192x8192)",
                  path.string(), refused->width, refused->height, kMaxPixels));
}

// Opens the container (reads its header) of a local file.
InputContextPtr open_input(const std::filesystem::path& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    throw OpenError(OpenError::Kind::not_media,
                    fmt::format("{}: is a directory, not an image or video", path.string()));
  }
  AVDictionary* options = nullptr;
  // Local files only: an HLS playlist or SDP file must not make fakecam
  // open URLs or other files.
  ffmpeg().av_dict_set(&options, "protocol_whitelist", "file", 0);
  // image2: "a%d.png" is that one file, never a numbered sequence.
  ffmpeg().av_dict_set(&options, "pattern_type", "none", 0);
  AVFormatContext* context = nullptr;
  // "file:" so that a name with a colon is not taken for a protocol.
  const std::string url = "file:" + path.string();
  const int rc = ffmpeg().avformat_open_input(&context, url.c_str(), nullptr, &options);
  ffmpeg().av_dict_free(&options);
  if (rc < 0) fail_open(path, rc);
  return InputContextPtr(context);
}

}  // namespace

MediaReader::MediaReader(std::filesystem::path path, ReaderOptions options)
    : path_(std::move(path)), options_(options) {
  forget_refused_picture_size();
  try {
    open();
  } catch (const OpenError&) {
    fail_if_too_large(path_);
    throw;
  }
  if (!decode_next()) {
    fail_if_too_large(path_);
    throw OpenError(
        OpenError::Kind::no_frames,
        fmt::format("{}: contains no frames fakecam can decode (corrupt or truncated data)", path_.string()));
  }
  pending_ = true;
  first_timestamp_ = frame_->best_effort_timestamp;
  const AVPixFmtDescriptor* desc = ffmpeg().av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame_->format));
  has_alpha_ = desc != nullptr && (desc->flags & AV_PIX_FMT_FLAG_ALPHA) != 0;
  const bool turned = exif_orientation(*frame_) >= 5;  // 5..8 swap width and height
  size_ = turned ? cv::Size(frame_->height, frame_->width) : cv::Size(frame_->width, frame_->height);
}

void MediaReader::open() {
  codec_.reset();
  input_.reset();
  draining_ = false;
  pending_ = false;
  InputContextPtr input = open_input(path_);
  // An image demuxer knows its one stream's codec from the header; probing
  // further would decode the whole picture once more just to throw it away.
  if (!is_image_demuxer(*input->iformat) && ffmpeg().avformat_find_stream_info(input.get(), nullptr) < 0) {
    fail_open(path_, AVERROR_INVALIDDATA);
  }
  const AVCodec* decoder = nullptr;
  const int index = ffmpeg().av_find_best_stream(input.get(), AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
  if (index < 0 || decoder == nullptr) {
    throw OpenError(
        OpenError::Kind::not_media,
        fmt::format("{}: not an image or video fakecam can read (no picture stream it can decode)", path_.string()));
  }
  // Audio, subtitles and data are never read: skip them in the demuxer.
  for (unsigned i = 0; i < input->nb_streams; ++i) {
    if (static_cast<int>(i) != index) input->streams[i]->discard = AVDISCARD_ALL;
  }
  AVStream* stream = input->streams[index];
  CodecContextPtr codec = open_codec(decoder, *stream);
  still_ = is_image_demuxer(*input->iformat);
  motion_jpeg_ = !still_ && codec->codec_id == AV_CODEC_ID_MJPEG;
  const AVRational rate = ffmpeg().av_guess_frame_rate(input.get(), stream, nullptr);
  const double fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0;
  fps_ = !still_ && fps > 0 && fps <= 1000 ? fps : 0;
  stream_index_ = index;
  input_ = std::move(input);
  codec_ = std::move(codec);
}

CodecContextPtr MediaReader::open_codec(const AVCodec* decoder, const AVStream& stream) const {
  CodecContextPtr codec = make_codec_context(decoder);
  if (ffmpeg().avcodec_parameters_to_context(codec.get(), stream.codecpar) < 0) fail_open(path_, AVERROR_INVALIDDATA);
  codec->thread_count = options_.threads;
  codec->pkt_timebase = stream.time_base;
  codec->max_pixels = kMaxPixels;
  if (ffmpeg().avcodec_open2(codec.get(), decoder, nullptr) < 0) {
    throw OpenError(OpenError::Kind::not_media,
                    fmt::format("{}: cannot decode its {} pictures", path_.string(), decoder->name));
  }
  return codec;
}

bool MediaReader::decode_next() {
  if (!input_ || !codec_) return false;  // a reopen failed: the file is gone
  int errors = 0;
  while (errors < kMaxConsecutiveErrors) {
    const int received = ffmpeg().avcodec_receive_frame(codec_.get(), frame_.get());
    if (received == 0) return true;
    if (received == AVERROR_EOF) return false;
    if (received != AVERROR(EAGAIN)) {
      ++errors;  // a broken frame: try the next
      continue;
    }
    if (draining_) return false;
    if (ffmpeg().av_read_frame(input_.get(), packet_.get()) < 0) {
      // End of file (or a read error): flush the frames the decoder holds.
      draining_ = true;
      ffmpeg().avcodec_send_packet(codec_.get(), nullptr);
      continue;
    }
    if (packet_->stream_index == stream_index_) {
      if (ffmpeg().avcodec_send_packet(codec_.get(), packet_.get()) < 0) ++errors;
      if (motion_jpeg_) {
        // An intra-only codec: the frame received next is this packet's, and
        // next_jpeg() may hand out the packet of a frame grab() took.
        ffmpeg().av_packet_unref(sent_.get());
        if (ffmpeg().av_packet_ref(sent_.get(), packet_.get()) < 0) ffmpeg().av_packet_unref(sent_.get());
      }
    }
    ffmpeg().av_packet_unref(packet_.get());
  }
  spdlog::debug("{}: {} decoding errors in a row; treating it as the end of the file", path_.string(), errors);
  return false;
}

bool MediaReader::next_jpeg(std::span<const std::uint8_t>& jpeg) {
  if (!motion_jpeg_ || !input_) return false;
  if (pending_) {
    // The frame the constructor or rewind() decoded: its own packet.
    pending_ = false;
    // The caller decodes from here on: a fresh decoder lets go of the
    // decoded frame's buffer pool (a frame's worth of memory, 1.4 MB at
    // 720p, for as long as the file plays). rewind() decodes with it again.
    frame_ = make_frame();
    codec_ = open_codec(codec_->codec, *input_->streams[stream_index_]);
    if (sent_->data != nullptr && sent_->size > 0) {
      jpeg = {sent_->data, static_cast<std::size_t>(sent_->size)};
      return true;
    }
  }
  for (;;) {
    ffmpeg().av_packet_unref(jpeg_.get());
    if (ffmpeg().av_read_frame(input_.get(), jpeg_.get()) < 0) return false;
    if (jpeg_->stream_index == stream_index_ && jpeg_->size > 0) {
      jpeg = {jpeg_->data, static_cast<std::size_t>(jpeg_->size)};
      return true;
    }
  }
}

bool MediaReader::grab() {
  if (pending_) {
    pending_ = false;
    return true;
  }
  return decode_next();
}

void MediaReader::retrieve(cv::Mat& out, PixelFormat layout) {
  converter_.convert(*frame_, layout, out);
  apply_exif_orientation(exif_orientation(*frame_), out);
}

void MediaReader::retrieve(YuvImage& out) {
  const int orientation = exif_orientation(*frame_);
  const cv::Size upright =
      orientation >= 5 ? cv::Size(frame_->height, frame_->width) : cv::Size(frame_->width, frame_->height);
  if (upright.width % 2 != 0 || upright.height % 2 != 0) {
    fail("{}: the picture is {}x{}; YUV 4:2:0 frames need an even width and height", path_.string(), upright.width,
         upright.height);
  }
  if (frame_to_yuv(*frame_, out)) {
    apply_exif_orientation(orientation, out);
    return;
  }
  converter_.convert(*frame_, PixelFormat::bgr24, bgr_);
  apply_exif_orientation(orientation, bgr_);
  bgr_to_yuv(bgr_, out);
}

bool MediaReader::seek_to_start() {
  const AVStream* stream = input_->streams[stream_index_];
  const std::int64_t start = stream->start_time == AV_NOPTS_VALUE ? 0 : stream->start_time;
  if (ffmpeg().av_seek_frame(input_.get(), stream_index_, start, AVSEEK_FLAG_BACKWARD) < 0) return false;
  ffmpeg().avcodec_flush_buffers(codec_.get());
  draining_ = false;
  pending_ = false;
  return true;
}

bool MediaReader::rewind() {
  try {
    if (!still_ && seek_to_start() && decode_next()) {
      if (frame_->best_effort_timestamp == first_timestamp_) {
        pending_ = true;
        return true;
      }
      spdlog::debug("{}: the seek to the start landed on another frame; reopening the file", path_.string());
    }
    // Reopening is the one rewind every container and codec handles.
    open();
    if (!decode_next()) return false;
    pending_ = true;
    return true;
  } catch (const Error& e) {
    spdlog::debug("{}", e.what());
    return false;
  }
}

std::string MediaReader::format_description() const {
  if (!input_ || !codec_) return "closed";
  return fmt::format("{} / {}", input_->iformat->name, codec_->codec->name);
}

bool is_still_image_file(const std::filesystem::path& path) {
  try {
    const InputContextPtr input = open_input(path);
    return is_image_demuxer(*input->iformat);
  } catch (const OpenError&) {
    return false;
  }
}

}  // namespace fakecam::media
