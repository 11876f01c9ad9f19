// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Any image or video file FFmpeg reads, decoded frame by frame to 8-bit BGR
// (or BGRA) cv::Mat: PNG, JPEG, WebP, BMP, TIFF... through FFmpeg's image
// demuxers, and videos of any container and codec. Reads local files only
// (no network, playlists or image-sequence patterns).

#include <cstdint>
#include <filesystem>
#include <span>
#include <stdexcept>
#include <string>

#include <opencv2/core.hpp>

#include "common/error.hpp"
#include "common/pixel_format.hpp"
#include "common/yuv_image.hpp"
#include "media/av_handles.hpp"
#include "media/frame_converter.hpp"

namespace fakecam::media {

struct ReaderOptions {
  PixelFormat layout = PixelFormat::bgr24;
  // Decoder threads. One: the camera path needs the other core more than a
  // background video needs a faster decode.
  int threads = 1;
};

// Why a file could not be opened; what() is a one-line message naming it.
class OpenError : public Error {
 public:
  enum class Kind {
    not_media,  // missing, a directory, unreadable, no container FFmpeg knows, no video stream
    no_frames,  // a container with a video stream, but not one frame decodes
    too_large,  // the picture is larger than fakecam reads (8192x8192 pixels): refused before it is allocated
  };
  OpenError(Kind kind, const std::string& message) : Error(message), kind_(kind) {}
  Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

class MediaReader {
 public:
  // Opens the file and decodes its first frame (the first grab() returns
  // it). Throws OpenError naming the file when either fails.
  explicit MediaReader(std::filesystem::path path, ReaderOptions options = {});
  MediaReader(const MediaReader&) = delete;
  MediaReader& operator=(const MediaReader&) = delete;

  // Decodes the next frame without converting it (cheap skipping); false at
  // the end of the file, or when the rest of it does not decode.
  bool grab();
  // The last grabbed frame as BGR/BGRA (options.layout, or `layout`),
  // upright per its EXIF orientation.
  void retrieve(cv::Mat& out) { retrieve(out, options_.layout); }
  void retrieve(cv::Mat& out, PixelFormat layout);
  bool read(cv::Mat& out) { return grab() && (retrieve(out), true); }
  // The last grabbed frame as I420, BT.601 limited range, upright. The
  // decoder's own planes when they are 8-bit YUV of BT.601 colours (see
  // frame_to_yuv()): copied, or with their chroma subsampled to 4:2:0, and
  // full range scaled to limited; other frames (RGB, grey, palette, 10-bit,
  // BT.709) go through BGR. Throws Error naming the file when the upright
  // frame has an odd width or height, which 4:2:0 cannot hold.
  void retrieve(YuvImage& out);
  bool read(YuvImage& out) { return grab() && (retrieve(out), true); }

  // A Motion-JPEG video (not a still image): every packet is one whole
  // JPEG, which a caller may decode itself (capture's TurboJPEG decoder:
  // the webcam path's, ~1.7x faster than FFmpeg's) instead of grab().
  bool is_motion_jpeg() const { return motion_jpeg_; }
  // Motion-JPEG only: the next frame's JPEG, undecoded, in place of the
  // next grab(); valid until the next call. False at the end of the file.
  bool next_jpeg(std::span<const std::uint8_t>& jpeg);
  // Back to the first frame (the next grab() gives it): a seek, checked by
  // the first frame's timestamp, or else a reopen. False when the file
  // cannot be read again (it was removed or broken meanwhile).
  bool rewind();

  const std::filesystem::path& path() const { return path_; }
  // Frames per second as the file gives it; 0 when it does not say.
  double fps() const { return fps_; }
  // Read through one of FFmpeg's image demuxers (one picture, no timing).
  bool is_still() const { return still_; }
  // The frames carry an alpha channel (PNG/WebP/TIFF with transparency...).
  bool has_alpha() const { return has_alpha_; }
  // The first frame's size, upright.
  cv::Size size() const { return size_; }
  // "png_pipe / png", "avi / mjpeg": for logs.
  std::string format_description() const;

 private:
  void open();  // (re)opens input_, codec_ at the start of the file
  CodecContextPtr open_codec(const AVCodec* decoder, const AVStream& stream) const;
  bool decode_next();  // into frame_; false at the end
  bool seek_to_start();

  std::filesystem::path path_;
  ReaderOptions options_;
  InputContextPtr input_;
  CodecContextPtr codec_;
  int stream_index_ = -1;
  PacketPtr packet_ = make_packet();
  PacketPtr sent_ = make_packet();  // Motion-JPEG: the packet of frame_ (a reference to its data)
  PacketPtr jpeg_ = make_packet();  // next_jpeg()'s packet
  FramePtr frame_ = make_frame();
  FrameConverter converter_;
  cv::Mat bgr_;            // retrieve(YuvImage&) of a frame that is not YUV
  bool draining_ = false;  // the demuxer ran out; the decoder is giving its last frames
  bool pending_ = false;   // frame_ holds a frame not yet returned by grab()
  std::int64_t first_timestamp_ = 0;
  double fps_ = 0;
  bool still_ = false;
  bool has_alpha_ = false;
  bool motion_jpeg_ = false;
  cv::Size size_;
};

// Whether FFmpeg takes the file for a still image (by its signature or
// extension), without decoding it. False when it is not media at all.
bool is_still_image_file(const std::filesystem::path& path);

}  // namespace fakecam::media
