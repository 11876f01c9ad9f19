// FrameSink for akvcam output devices.
//
// akvcam output nodes accept RGB24 or BGR24 only (its README/config example:
// "Supported output formats: RGB24, BGR24"); the default akvcam config and the
// seed (Linux-Fake-Background-Webcam's AkvCameraWriter) use RGB24, i.e.
// V4L2_PIX_FMT_RGB24 with R,G,B in memory, written with write(). Sizes and
// rates come from /etc/akvcam/config.ini: S_FMT picks the nearest configured
// format, so the result is read back and must match. akvcam pads rows to 4
// bytes (its bytesperline), which the conversion honours.

#include <linux/videodev2.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/log.hpp"
#include "output/bgr_converter.hpp"
#include "output/frame_sink.hpp"
#include "output/mmap_output.hpp"
#include "output/v4l2_format_text.hpp"
#include "output/v4l2_node.hpp"

namespace fakecam::output {
namespace {

constexpr std::string_view kLoadHint =
    "load akvcam first (sudo modprobe akvcam) with an output device defined in /etc/akvcam/config.ini";
constexpr std::chrono::milliseconds kFreeBufferWait{5};

std::string akvcam_outputs() { return describe_nodes(list_video_nodes(), kAkvcamDriver); }

void check_is_akvcam_output(const std::string& path, const std::optional<DeviceCaps>& caps) {
  if (!caps) fail("{}: not a V4L2 video device (VIDIOC_QUERYCAP failed)", path);
  if (caps->driver == kLoopbackDriver) {
    fail("{} is a v4l2loopback device ('{}'), not akvcam; run without --akvcam to write to it", path, caps->card);
  }
  if (caps->driver != kAkvcamDriver) {
    fail("{} is a '{}' device ('{}'), not an akvcam output; akvcam output devices here: {}", path, caps->driver,
         caps->card, akvcam_outputs());
  }
  if (!caps->video_output()) {
    fail("{} is an akvcam capture device ('{}'), the one programs read; give its output device (type = output in "
         "/etc/akvcam/config.ini); akvcam output devices here: {}",
         path, caps->card, akvcam_outputs());
  }
  if (!caps->read_write() && !caps->streaming()) {
    fail("{}: akvcam output '{}' offers neither rw nor mmap mode; set cameras/N/mode = mmap, rw in "
         "/etc/akvcam/config.ini",
         path, caps->card);
  }
}

class AkvcamSink final : public FrameSink {
 public:
  AkvcamSink(const std::string& path, int width, int height, int fps) : path_(path) {
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
      fail("{}: frame size {}x{} is out of range (1..16384)", path, width, height);
    }
    if (fps <= 0 || fps > 1000) fail("{}: frame rate {} is out of range (1..1000)", path, fps);
    fd_ = open_video_node(path, kLoadHint);
    const auto caps = query_caps(fd_.get());
    check_is_akvcam_output(path, caps);
    card_ = caps->card;
    width_ = width;
    height_ = height;
    negotiate_format();
    fps_text_ = set_frame_rate(fps);
    if (caps->read_write()) {
      // The seed's way, and akvcam's simplest: one write() per frame.
      frame_.resize(frame_bytes_);
    } else {
      stream_.emplace(fd_.get(), path_, 4, frame_bytes_);
    }
    spdlog::info("{}: writing {} ({})", path_, description(), stream_ ? "mmap streaming" : "write()");
  }

  void write(const cv::Mat& bgr) override {
    if (bgr.type() != CV_8UC3 || bgr.cols != width_ || bgr.rows != height_) {
      fail("{}: got a {}x{} frame of type {}, expected {}x{} 8-bit BGR", path_, bgr.cols, bgr.rows, bgr.type(),
           width_, height_);
    }
    if (stream_) {
      std::uint8_t* buffer = stream_->acquire(kFreeBufferWait);
      if (buffer == nullptr) return drop();
      bgr_to_rgb24(bgr, order_, buffer, stride_);
      stream_->queue(frame_bytes_);
      return;
    }
    bgr_to_rgb24(bgr, order_, frame_.data(), stride_);
    for (;;) {
      const ssize_t n = ::write(fd_.get(), frame_.data(), frame_.size());
      if (n >= 0) return;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EBUSY) return drop();
      fail("{}: cannot write a frame: {}", path_, errno_text(errno));
    }
  }

  std::string description() const override {
    return fmt::format("{} (akvcam '{}') {} {}x{} @{}", path_, card_, order_ == Rgb24Order::rgb ? "RGB24" : "BGR24",
                       width_, height_, fps_text_);
  }

  std::uint64_t dropped_frames() const override { return dropped_; }

 private:
  void drop() {
    if (dropped_++ == 0) spdlog::warn("{}: akvcam took no frame, dropping frames", path_);
  }

  void negotiate_format() {
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    auto& pix = fmt.fmt.pix;
    pix.width = static_cast<unsigned>(width_);
    pix.height = static_cast<unsigned>(height_);
    pix.pixelformat = V4L2_PIX_FMT_RGB24;
    pix.field = V4L2_FIELD_NONE;
    pix.colorspace = V4L2_COLORSPACE_RAW;  // what akvcam reports for every format
    if (xioctl(fd_.get(), VIDIOC_S_FMT, &fmt) != 0) {
      fail("{}: cannot set RGB24 {}x{} (VIDIOC_S_FMT: {})", path_, width_, height_, errno_text(errno));
    }
    v4l2_format got{};
    got.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    if (xioctl(fd_.get(), VIDIOC_G_FMT, &got) != 0) {
      fail("{}: cannot read the format back (VIDIOC_G_FMT: {})", path_, errno_text(errno));
    }
    const auto& g = got.fmt.pix;
    if (g.pixelformat == V4L2_PIX_FMT_RGB24) {
      order_ = Rgb24Order::rgb;
    } else if (g.pixelformat == V4L2_PIX_FMT_BGR24) {
      order_ = Rgb24Order::bgr;
    } else {
      fail("{}: akvcam output offers {} but takes frames only as RGB24 or BGR24; set its output format to RGB24 "
           "(formats/N/format = RGB24) in /etc/akvcam/config.ini and reload akvcam",
           path_, fourcc_text(g.pixelformat));
    }
    if (static_cast<int>(g.width) != width_ || static_cast<int>(g.height) != height_) {
      fail("{}: akvcam has no {}x{} output format (nearest: {}x{}); add formats/N/width = {}, formats/N/height = {} "
           "to /etc/akvcam/config.ini and reload akvcam, or run at {}x{}",
           path_, width_, height_, g.width, g.height, width_, height_, g.width, g.height);
    }
    stride_ = std::max<std::size_t>(g.bytesperline, static_cast<std::size_t>(width_) * 3);
    frame_bytes_ = std::max<std::size_t>(g.sizeimage, stride_ * static_cast<std::size_t>(height_));
  }

  std::string set_frame_rate(int fps) {
    v4l2_streamparm parm{};
    parm.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    parm.parm.output.timeperframe = {1, static_cast<unsigned>(fps)};
    if (xioctl(fd_.get(), VIDIOC_S_PARM, &parm) != 0) {
      spdlog::warn("{}: cannot set {} fps (VIDIOC_S_PARM: {})", path_, fps, errno_text(errno));
      return std::to_string(fps);
    }
    const std::string got = rate_text(parm.parm.output.timeperframe);
    if (got != std::to_string(fps)) {
      spdlog::warn("{}: akvcam runs this format at {} fps, not {} (see fps in /etc/akvcam/config.ini)", path_, got,
                   fps);
    }
    return got;
  }

  std::string path_;
  std::string card_;
  std::string fps_text_;
  int width_ = 0;
  int height_ = 0;
  Rgb24Order order_ = Rgb24Order::rgb;
  std::size_t stride_ = 0;
  std::size_t frame_bytes_ = 0;
  UniqueFd fd_;
  std::vector<std::uint8_t> frame_;   // write() mode
  std::optional<MmapOutput> stream_;  // mmap mode; declared after fd_
  std::uint64_t dropped_ = 0;
};

}  // namespace

std::unique_ptr<FrameSink> open_akvcam(const std::string& path, int width, int height, int fps) {
  return std::make_unique<AkvcamSink>(path, width, height, fps);
}

}  // namespace fakecam::output
