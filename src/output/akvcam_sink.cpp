// SPDX-License-Identifier: GPL-3.0-or-later
// FrameSink for akvcam output devices.
//
// akvcam output nodes are meant to take RGB24 or BGR24 (its config example:
// "Supported output formats: RGB24, BGR24"), but the config may give one any
// format, and ENUM_FMT lists them in akvcam's own order (YUYV before RGB3 for
// the example's "RGB24, YUY2"). So the sink enumerates the offer and picks
// RGB24 (the seed's, Linux-Fake-Background-Webcam's AkvCameraWriter), else
// BGR24, else fails naming what is on offer. Frames go out with write() (rw
// mode) or mmap streaming. Sizes and rates come from the config file the
// module was loaded with (its config_file parameter, default
// /etc/akvcam/config.ini), which the messages name: S_FMT picks the nearest
// configured format, so the result is read back and must match. akvcam pads
// rows to 4 bytes (its bytesperline), which the conversion honours. Programs
// read the capture devices connected to the output (akvcam_readers.hpp).

#include <linux/videodev2.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <optional>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/log.hpp"
#include "output/bgr_converter.hpp"
#include "output/frame_sink.hpp"
#include "output/yuv_converter.hpp"
#include "v4l2/format.hpp"
#include "v4l2/ioctl.hpp"
#include "v4l2/node.hpp"
#include "v4l2/output_queue.hpp"

namespace fakecam::output {
namespace {

constexpr std::chrono::milliseconds kFreeBufferWait{5};
constexpr const char* kModuleDir = "/sys/module/akvcam";

std::string akvcam_outputs() { return v4l2::describe_nodes(v4l2::list_video_nodes(), v4l2::kAkvcamDriver); }

// The config file the loaded module read (its config_file parameter), so that
// messages name the file to edit; akvcam's default when it cannot be read.
std::string akvcam_config() {
  std::ifstream in(std::string(kModuleDir) + "/parameters/config_file");
  std::string path;
  if (in && std::getline(in, path) && !path.empty()) return path;
  return "/etc/akvcam/config.ini";
}

// For a missing node: the module is not loaded at all, or it is loaded and
// its config made other devices.
std::string missing_device_hint() {
  if (!std::filesystem::exists(kModuleDir)) {
    return "the akvcam module is not loaded: sudo modprobe akvcam (it makes the devices listed in "
           "/etc/akvcam/config.ini; no distribution packages it: build it from webcamoid/akvcam's source)";
  }
  return fmt::format("akvcam is loaded but its config {} made no such device; akvcam output devices here: {}",
                     akvcam_config(), akvcam_outputs());
}

void check_is_akvcam_output(const std::string& path, const std::optional<v4l2::DeviceCaps>& caps) {
  if (!caps) fail("{}: not a V4L2 video device (VIDIOC_QUERYCAP failed)", path);
  if (caps->driver == v4l2::kLoopbackDriver) {
    fail("{} is a v4l2loopback device ('{}'), not akvcam; run without --akvcam to write to it", path, caps->card);
  }
  if (caps->driver != v4l2::kAkvcamDriver) {
    fail("{} is a '{}' device ('{}'), not an akvcam output; akvcam output devices here: {}", path, caps->driver,
         caps->card, akvcam_outputs());
  }
  if (!caps->video_output()) {
    fail(
        "{} is an akvcam capture device ('{}'), the one programs read; give fakecam its output device (type = "
        "output in {}); akvcam output devices here: {}",
        path, caps->card, akvcam_config(), akvcam_outputs());
  }
  if (!caps->read_write() && !caps->streaming()) {
    fail("{}: akvcam output '{}' offers neither rw nor mmap mode; set cameras/N/mode = mmap, rw in {}", path,
         caps->card, akvcam_config());
  }
}

class AkvcamSink final : public FrameSink {
 public:
  AkvcamSink(const std::string& path, int width, int height, int fps) : path_(path) {
    if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
      fail("{}: frame size {}x{} is out of range (1..16384)", path, width, height);
    }
    if (fps <= 0 || fps > 1000) fail("{}: frame rate {} is out of range (1..1000)", path, fps);
    // The hint lists the video nodes (opening each): worked out only when needed.
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) fail("{}: no such device; {}", path, missing_device_hint());
    fd_ = v4l2::open_video_node(path, "is the akvcam module loaded? (sudo modprobe akvcam)");
    const auto caps = v4l2::query_caps(fd_.get());
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
      fail("{}: got a {}x{} frame of type {}, expected {}x{} 8-bit BGR", path_, bgr.cols, bgr.rows, bgr.type(), width_,
           height_);
    }
    send([&](std::uint8_t* dst) { bgr_to_rgb24(bgr, order_, dst, stride_); });
  }

  void write_yuv(const YuvImage& frame) override {
    if (frame.size() != cv::Size(width_, height_)) {
      fail("{}: got a {}x{} YUV frame, expected {}x{}", path_, frame.size().width, frame.size().height, width_,
           height_);
    }
    send([&](std::uint8_t* dst) { yuv_to_rgb24(frame, order_, dst, stride_); });
  }

  std::string description() const override {
    return fmt::format("{} (akvcam '{}') {} {}x{} @{}", path_, card_, order_ == Rgb24Order::rgb ? "RGB24" : "BGR24",
                       width_, height_, fps_text_);
  }

  std::uint64_t dropped_frames() const override { return dropped_; }

 private:
  // `fill` writes one frame's rows at `stride_` into the buffer it is given:
  // a mmap'ed buffer, or the write() buffer.
  template <class Fill>
  void send(const Fill& fill) {
    if (stream_) {
      std::uint8_t* buffer = stream_->acquire(kFreeBufferWait);
      if (buffer == nullptr) return drop();
      fill(buffer);
      stream_->queue(frame_bytes_);
      return;
    }
    fill(frame_.data());
    for (;;) {
      const ssize_t n = ::write(fd_.get(), frame_.data(), frame_.size());
      if (n >= 0) return;
      if (errno == EINTR) continue;
      if (errno == EAGAIN || errno == EBUSY) return drop();
      fail("{}: cannot write a frame: {}", path_, errno_text(errno));
    }
  }

  void drop() {
    if (dropped_++ == 0) spdlog::warn("{}: akvcam took no frame, dropping frames", path_);
  }

  // The pixel formats the output device offers (akvcam's config may give
  // it any of its formats, e.g. YUY2, though only RGB24/BGR24 are meant).
  std::vector<std::uint32_t> offered_formats() const {
    std::vector<std::uint32_t> formats;
    for (unsigned index = 0;; ++index) {
      v4l2_fmtdesc desc{};
      desc.index = index;
      desc.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
      if (v4l2::ioctl(fd_.get(), VIDIOC_ENUM_FMT, &desc) != 0) break;
      formats.push_back(desc.pixelformat);
    }
    return formats;
  }

  // RGB24 (akvcam's default and the seed's), else BGR24; one of them must be
  // on offer, or the output cannot take fakecam's frames.
  std::uint32_t choose_format() const {
    const auto formats = offered_formats();
    if (formats.empty()) return V4L2_PIX_FMT_RGB24;  // no list: let S_FMT decide
    for (const std::uint32_t want : {V4L2_PIX_FMT_RGB24, V4L2_PIX_FMT_BGR24}) {
      if (std::find(formats.begin(), formats.end(), want) != formats.end()) return want;
    }
    std::string names;
    for (const std::uint32_t f : formats) names += (names.empty() ? "" : ", ") + v4l2::fourcc_text(f);
    fail(
        "{}: akvcam output '{}' offers only {}, and fakecam writes RGB24 or BGR24; give this output a format with "
        "formats/N/format = RGB24 in {} and reload akvcam",
        path_, card_, names, akvcam_config());
  }

  void negotiate_format() {
    const std::uint32_t wanted = choose_format();
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    auto& pix = fmt.fmt.pix;
    pix.width = static_cast<unsigned>(width_);
    pix.height = static_cast<unsigned>(height_);
    pix.pixelformat = wanted;
    pix.field = V4L2_FIELD_NONE;
    pix.colorspace = V4L2_COLORSPACE_RAW;  // what akvcam reports for every format
    if (const int err = v4l2::ioctl(fd_.get(), VIDIOC_S_FMT, &fmt); err != 0) {
      fail("{}: cannot set {} {}x{} (VIDIOC_S_FMT: {})", path_, v4l2::fourcc_text(wanted), width_, height_,
           errno_text(err));
    }
    v4l2_format got{};
    got.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    if (const int err = v4l2::ioctl(fd_.get(), VIDIOC_G_FMT, &got); err != 0) {
      fail("{}: cannot read the format back (VIDIOC_G_FMT: {})", path_, errno_text(err));
    }
    const auto& g = got.fmt.pix;
    if (g.pixelformat == V4L2_PIX_FMT_RGB24) {
      order_ = Rgb24Order::rgb;
    } else if (g.pixelformat == V4L2_PIX_FMT_BGR24) {
      order_ = Rgb24Order::bgr;
    } else {
      fail(
          "{}: akvcam output offers {} but takes frames only as RGB24 or BGR24; set its output format to RGB24 "
          "(formats/N/format = RGB24) in {} and reload akvcam",
          path_, v4l2::fourcc_text(g.pixelformat), akvcam_config());
    }
    if (static_cast<int>(g.width) != width_ || static_cast<int>(g.height) != height_) {
      fail(
          "{}: akvcam has no {}x{} output format (nearest: {}x{}); add formats/N/width = {}, formats/N/height = {} "
          "to {} and reload akvcam, or run at {}x{}",
          path_, width_, height_, g.width, g.height, width_, height_, akvcam_config(), g.width, g.height);
    }
    stride_ = std::max<std::size_t>(g.bytesperline, static_cast<std::size_t>(width_) * 3);
    frame_bytes_ = std::max<std::size_t>(g.sizeimage, stride_ * static_cast<std::size_t>(height_));
  }

  std::string set_frame_rate(int fps) {
    v4l2_streamparm parm{};
    parm.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    parm.parm.output.timeperframe = {1, static_cast<unsigned>(fps)};
    if (const int err = v4l2::ioctl(fd_.get(), VIDIOC_S_PARM, &parm); err != 0) {
      spdlog::warn("{}: cannot set {} fps (VIDIOC_S_PARM: {})", path_, fps, errno_text(err));
      return std::to_string(fps);
    }
    const std::string got = v4l2::rate_text(parm.parm.output.timeperframe);
    if (got != std::to_string(fps)) {
      spdlog::warn("{}: akvcam runs this format at {} fps, not {} (see formats/N/fps in {})", path_, got, fps,
                   akvcam_config());
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
  std::vector<std::uint8_t> frame_;          // write() mode
  std::optional<v4l2::OutputQueue> stream_;  // mmap mode; declared after fd_
  std::uint64_t dropped_ = 0;
};

}  // namespace

std::unique_ptr<FrameSink> open_akvcam(const std::string& path, int width, int height, int fps) {
  return std::make_unique<AkvcamSink>(path, width, height, fps);
}

}  // namespace fakecam::output
