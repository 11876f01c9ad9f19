// SPDX-License-Identifier: GPL-3.0-or-later
// --input FILE: a video or a still image standing in for the webcam.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <span>
#include <thread>

#include <opencv2/imgproc.hpp>

#include "capture/frame_pacer.hpp"
#include "capture/frame_source.hpp"
#include "capture/mjpeg_decoder.hpp"
#include "common/log.hpp"
#include "media/image_io.hpp"
#include "media/media_reader.hpp"

namespace fakecam::capture {

namespace {

// Copies (or resizes) `src` into `dst`, reusing dst's buffer, always as BGR.
void fit(const cv::Mat& src, cv::Size size, cv::Mat& dst) {
  const cv::Mat* bgr = &src;
  cv::Mat converted;
  if (src.channels() == 1) {
    cv::cvtColor(src, converted, cv::COLOR_GRAY2BGR);
    bgr = &converted;
  } else if (src.channels() == 4) {
    cv::cvtColor(src, converted, cv::COLOR_BGRA2BGR);
    bgr = &converted;
  }
  if (bgr->size() == size) {
    bgr->copyTo(dst);
  } else {
    const bool shrinking = size.area() < bgr->size().area();
    cv::resize(*bgr, dst, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
  }
}

// Copies (or resizes, averaging boxes of pixels) an I420 frame into `dst`,
// reusing dst's buffer.
void fit(const YuvImage& src, cv::Size size, YuvImage& dst) {
  if (src.size() == size) {
    src.copy_to(dst);
  } else {
    scale_yuv(src, size, dst);
  }
}

bool is_even(cv::Size size) { return size.width % 2 == 0 && size.height % 2 == 0; }

// The size frames are delivered at (file_output_size()), made even for YUV
// 4:2:0: a file of odd size played at its own size loses its odd row or
// column to a resize; an odd size asked for is refused.
cv::Size output_size(const std::filesystem::path& path, const FileSourceOptions& options, cv::Size file) {
  const cv::Size size = file_output_size(options.size, file);
  if (!options.yuv || is_even(size)) return size;
  if (options.size.width > 0 || options.size.height > 0) {
    fail("{}: cannot play it at {}x{} in YUV 4:2:0, which needs an even width and height", path.string(), size.width,
         size.height);
  }
  const cv::Size even{std::max(2, size.width / 2 * 2), std::max(2, size.height / 2 * 2)};
  spdlog::info("{}: {}x{} has an odd side; playing it at {}x{} (YUV 4:2:0 needs an even size)", path.string(),
               size.width, size.height, even.width, even.height);
  return even;
}

// The frame-rate clock shared by both kinds of file. Waits until the next
// frame is due; false when that is later than `timeout`.
bool wait_for_turn(FramePacer& pacer, bool paced, std::chrono::milliseconds timeout) {
  if (!paced) return true;
  const auto now = Clock::now();
  if (pacer.due() > now + timeout) {
    std::this_thread::sleep_for(timeout);
    return false;
  }
  std::this_thread::sleep_until(pacer.due());
  return true;
}

class StillImageSource final : public FrameSource {
 public:
  // `reader` has just opened the image: its first frame is the picture.
  StillImageSource(const std::filesystem::path& path, media::MediaReader& reader, const FileSourceOptions& options)
      : pacer_(options.fps), paced_(options.paced) {
    cv::Size file;
    cv::Size size;
    if (options.yuv && is_even(reader.size())) {
      // The decoder's own planes (a JPEG's YUV), never through BGR.
      YuvImage image;
      if (!reader.read(image) || image.empty()) fail("{}: not a readable image (corrupt data)", path.string());
      file = image.size();
      size = output_size(path, options, file);
      fit(image, size, image_yuv_);
    } else {
      cv::Mat image;
      if (!reader.read(image) || image.empty()) fail("{}: not a readable image (corrupt data)", path.string());
      file = image.size();
      size = output_size(path, options, file);
      fit(image, size, image_);
      if (options.yuv) {
        bgr_to_yuv(image_, image_yuv_);
        image_.release();
      }
    }
    description_ = fmt::format("{} (image {}x{}) @{}", path.string(), file.width, file.height, options.fps);
    if (size != file) description_ += fmt::format(", resized to {}x{}", size.width, size.height);
  }

  bool read(Frame& frame, std::chrono::milliseconds timeout) override {
    if (!wait_for_turn(pacer_, paced_, timeout)) return false;
    // A copy: the caller may draw on its frame.
    if (image_yuv_.empty()) {
      image_.copyTo(frame.image);
    } else {
      image_yuv_.copy_to(frame.yuv);
      frame.image.release();
    }
    frame.captured = Clock::now();
    frame.sequence = sequence_++;
    pacer_.delivered(frame.captured);
    return true;
  }
  cv::Size size() const override { return image_yuv_.empty() ? image_.size() : image_yuv_.size(); }
  double fps() const override { return 1.0 / std::chrono::duration<double>(pacer_.period()).count(); }
  std::string description() const override { return description_; }

 private:
  cv::Mat image_;       // the picture as delivered: BGR,
  YuvImage image_yuv_;  // or YUV (options.yuv)
  FramePacer pacer_;
  bool paced_;
  std::string description_;
  std::uint64_t sequence_ = 0;
};

class VideoFileSource final : public FrameSource {
 public:
  VideoFileSource(const std::filesystem::path& path, std::unique_ptr<media::MediaReader> reader,
                  const FileSourceOptions& options)
      : path_(path), reader_(std::move(reader)), fps_(options.fps), pacer_(1.0), paced_(options.paced) {
    // YUV straight from the decoder's planes; a file of odd size through BGR
    // (its planes cannot be I420), resized to an even size.
    mode_ = !options.yuv ? Mode::bgr : is_even(reader_->size()) ? Mode::yuv : Mode::yuv_via_bgr;
    if (mode_ == Mode::yuv && reader_->is_motion_jpeg()) {
      // The webcam's decoder, when it reads this file's first JPEG at the
      // size FFmpeg found (not, say, the fields of an interlaced AVID);
      // otherwise FFmpeg's, from the start again.
      mode_ = Mode::jpeg;
      if (!decode_pending() || pending_yuv_.size() != reader_->size()) {
        spdlog::debug("{}: decoding with FFmpeg ({})", path_.string(),
                      jpeg_.last_error().empty() ? "another size" : jpeg_.last_error());
        mode_ = Mode::yuv;
        if (!reader_->rewind()) fail("{}: cannot read the video again from the start", path_.string());
      }
    }
    if (mode_ != Mode::jpeg && !decode_pending()) {
      fail("{}: contains no video frames fakecam can decode", path_.string());
    }
    has_pending_ = true;
    frames_this_pass_ = 1;

    const double native = reader_->fps();
    if (native > 0) {
      fps_ = native;
    } else {
      spdlog::info("{}: the video does not give its frame rate; playing it at {} fps", path_.string(), fps_);
    }
    pacer_ = FramePacer(fps_);
    const cv::Size file = mode_ == Mode::yuv || mode_ == Mode::jpeg ? pending_yuv_.size() : pending_.size();
    size_ = output_size(path_, options, file);
    description_ =
        fmt::format("{} ({}video {}x{} @{}, looping)", path_.string(), mode_ == Mode::jpeg ? "Motion-JPEG " : "",
                    file.width, file.height, std::round(fps_ * 100) / 100);
    if (size_ != file) description_ += fmt::format(", resized to {}x{}", size_.width, size_.height);
  }

  bool read(Frame& frame, std::chrono::milliseconds timeout) override {
    if (!has_pending_) fetch();
    if (!wait_for_turn(pacer_, paced_, timeout)) return false;
    if (mode_ == Mode::bgr) {
      fit(pending_, size_, frame.image);
    } else {
      deliver_yuv(frame.yuv);
      frame.image.release();
    }
    has_pending_ = false;
    frame.captured = Clock::now();
    frame.sequence = sequence_++;
    pacer_.delivered(frame.captured);
    return true;
  }
  cv::Size size() const override { return size_; }
  double fps() const override { return fps_; }
  std::string description() const override { return description_; }

 private:
  enum class Mode {
    bgr,          // Frame::image
    yuv,          // Frame::yuv from the decoder's YUV (or one conversion of other frames)
    yuv_via_bgr,  // Frame::yuv of a file of odd size: resized in BGR, then converted
    jpeg,         // Frame::yuv of a Motion-JPEG video, each JPEG decoded by the webcam's decoder
  };

  // Decodes the next frame into pending_ or pending_yuv_; false at the end.
  bool decode_pending() {
    if (mode_ == Mode::jpeg) return decode_jpeg();
    if (mode_ == Mode::yuv) return reader_->read(pending_yuv_) && !pending_yuv_.empty();
    return reader_->read(pending_) && !pending_.empty();
  }

  void deliver_yuv(YuvImage& out) {
    if (mode_ == Mode::yuv_via_bgr) {
      fit(pending_, size_, resized_);
      bgr_to_yuv(resized_, out);
    } else if (pending_yuv_.size() == size_) {
      // No copy: pending_yuv_ is decoded anew before the next read, into the
      // caller's old buffer (or a fresh one if the caller still holds that).
      std::swap(out, pending_yuv_);
    } else {
      fit(pending_yuv_, size_, out);
    }
  }

  // The next JPEG that decodes whole (a broken one is skipped, as FFmpeg's
  // decoder skips it), into pending_yuv_; false at the end of the file.
  bool decode_jpeg() {
    std::span<const std::uint8_t> jpeg;
    while (reader_->next_jpeg(jpeg)) {
      // Into its own buffer when the caller still holds the last one.
      if (jpeg_.decode(jpeg, pending_yuv_)) return true;
      spdlog::debug("{}: skipping a frame that does not decode: {}", path_.string(), jpeg_.last_error());
    }
    return false;
  }

  // Decodes the next frame into pending_, rewinding at the end.
  void fetch() {
    if (decode_pending()) {
      ++frames_this_pass_;
      has_pending_ = true;
      return;
    }
    // End of file (or an undecodable tail): start again.
    spdlog::debug("{}: looping after {} frames", path_.string(), frames_this_pass_);
    frames_this_pass_ = 0;
    if (!reader_->rewind() || !decode_pending()) {
      fail("{}: cannot read the video again from the start", path_.string());
    }
    frames_this_pass_ = 1;
    has_pending_ = true;
  }

  std::filesystem::path path_;
  std::unique_ptr<media::MediaReader> reader_;
  double fps_;
  FramePacer pacer_;
  bool paced_;
  cv::Size size_;
  Mode mode_ = Mode::bgr;
  cv::Mat pending_;       // decoded ahead, so the wait for its turn covers the decode time
  YuvImage pending_yuv_;  // the same in Mode::yuv and Mode::jpeg
  MjpegDecoder jpeg_;     // Mode::jpeg
  cv::Mat resized_;       // Mode::yuv_via_bgr: the frame at size_, before its conversion
  bool has_pending_ = false;
  int frames_this_pass_ = 0;
  std::string description_;
  std::uint64_t sequence_ = 0;
};

}  // namespace

cv::Size file_output_size(cv::Size wanted, cv::Size file) {
  if (wanted.width > 0 && wanted.height > 0) return wanted;
  if (file.width <= 0 || file.height <= 0 || (wanted.width <= 0 && wanted.height <= 0)) return file;
  const auto even = [](double side) { return std::max(2, static_cast<int>(std::lround(side / 2)) * 2); };
  if (wanted.width > 0) return {wanted.width, even(static_cast<double>(wanted.width) * file.height / file.width)};
  return {even(static_cast<double>(wanted.height) * file.width / file.height), wanted.height};
}

std::unique_ptr<FrameSource> open_file_source(const std::filesystem::path& path, const FileSourceOptions& options) {
  media::check_readable(path, "a video or image");
  if (!(options.fps > 0) || options.fps > 1000)
    fail("{}: frame rate {} is out of range (0 < fps <= 1000)", path.string(), options.fps);
  std::unique_ptr<media::MediaReader> reader;
  try {
    reader = std::make_unique<media::MediaReader>(path);
  } catch (const media::OpenError& e) {
    if (e.kind() == media::OpenError::Kind::too_large) throw;  // names the file, its size and the limit
    if (e.kind() == media::OpenError::Kind::no_frames) {
      fail("{}: contains no video frames or image fakecam can decode (corrupt or truncated data)", path.string());
    }
    fail("{}: not a video or image fakecam can read (unknown format or corrupt data)", path.string());
  }
  if (reader->is_still()) return std::make_unique<StillImageSource>(path, *reader, options);
  return std::make_unique<VideoFileSource>(path, std::move(reader), options);
}

}  // namespace fakecam::capture
