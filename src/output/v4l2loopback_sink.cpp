// SPDX-License-Identifier: GPL-3.0-or-later
// FrameSink for v4l2loopback: format negotiation, then mmap streaming output.

#include <linux/videodev2.h>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <optional>

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
#include "v4l2/pixel_format.hpp"

namespace fakecam::output {
namespace {

// The module line that creates the device the user named: /dev/video2 ->
// video_nr=2 (the seed's default), so the fix can be pasted as it is.
std::string modprobe_line(const std::string& path) {
  std::string number = "10";
  const std::string name = std::filesystem::path(path).filename().string();
  if (name.rfind("video", 0) == 0 && name.size() > 5 && name.find_first_not_of("0123456789", 5) == std::string::npos) {
    number = name.substr(5);
  }
  return fmt::format("sudo modprobe v4l2loopback devices=1 exclusive_caps=1 video_nr={} card_label=fakecam", number);
}

bool module_loaded() {
  std::error_code ec;
  return std::filesystem::exists("/sys/module/v4l2loopback", ec);
}

// Why the node is missing: the module is not loaded, or it made other nodes.
std::string load_hint(const std::string& path) {
  if (!module_loaded()) {
    return fmt::format("the v4l2loopback module is not loaded: {} (Debian/Ubuntu: apt install v4l2loopback-dkms)",
                       modprobe_line(path));
  }
  const std::string list = v4l2::describe_nodes(v4l2::list_video_nodes(), v4l2::kLoopbackDriver);
  return fmt::format(
      "v4l2loopback is loaded but made no such node (its devices: {}); use one of those with -v, or "
      "reload it: sudo modprobe -r v4l2loopback && {}",
      list, modprobe_line(path));
}

// More buffers than v4l2loopback grants by default (its max_buffers=2), so a
// module loaded with more gets used; the driver clamps the request.
constexpr unsigned kWantedBuffers = 4;

// How long write() waits for the driver to hand back a buffer before it
// drops the frame. v4l2loopback never makes a producer wait; this bounds
// what another driver could cost the pipeline.
constexpr std::chrono::milliseconds kFreeBufferWait{5};

std::string loopback_list() {
  const std::string list = v4l2::describe_nodes(v4l2::list_video_nodes(), v4l2::kLoopbackDriver);
  return list == "none"
             ? fmt::format("none ({})", module_loaded() ? "the module made none" : "v4l2loopback is not loaded")
             : list;
}

// The YUV output format a fourcc names; nullopt for any other.
std::optional<PixelFormat> output_format_of(std::uint32_t fourcc) {
  const auto format = v4l2::from_fourcc(fourcc);
  if (format && is_yuv_output(*format)) return format;
  return std::nullopt;
}

// Everything that is not a v4l2loopback node ready for a producer ends here.
void check_is_loopback_output(const std::string& path, const std::optional<v4l2::DeviceCaps>& caps) {
  if (!caps)
    fail("{}: not a V4L2 video device (VIDIOC_QUERYCAP failed); loopback devices here: {}", path, loopback_list());
  if (caps->driver == v4l2::kAkvcamDriver) {
    fail("{} is an akvcam device ('{}'), not v4l2loopback; run with --akvcam to write to akvcam", path, caps->card);
  }
  if (caps->driver != v4l2::kLoopbackDriver) {
    if (!caps->video_output()) {
      fail(
          "{} is a capture device (the real webcam?) driven by '{}' ('{}'), not a v4l2loopback output; loopback "
          "devices here: {}",
          path, caps->driver, caps->card, loopback_list());
    }
    fail("{} is a '{}' output device ('{}'), not v4l2loopback; loopback devices here: {}", path, caps->driver,
         caps->card, loopback_list());
  }
  if (!caps->video_output()) {
    // With exclusive_caps=1 the node stops offering output while a producer
    // holds it. On 0.12.7 it also does after a write() producer exited; the
    // sink resets that unless a reader still holds the device (then it looks
    // exactly like a live producer).
    fail(
        "{} (v4l2loopback '{}') does not accept a producer: another program is writing to it (another fakecam, "
        "ffmpeg, OBS?), or a write()-based producer such as ffmpeg exited earlier and left it stuck (v4l2loopback "
        "0.12.7 bug) while a program still reads it; stop the other producer or the readers, or reload the module "
        "(sudo modprobe -r v4l2loopback && {}); loopback devices here: {}",
        path, caps->card, modprobe_line(path), loopback_list());
  }
  if (!caps->streaming()) fail("{} (v4l2loopback '{}') does not offer streaming I/O", path, caps->card);
}

class LoopbackSink final : public FrameSink {
 public:
  LoopbackSink(const std::string& path, int width, int height, int fps, PixelFormat wanted) : path_(path) {
    check_frame_size(path, wanted, width, height);
    if (fps <= 0 || fps > 1000) fail("{}: frame rate {} is out of range (1..1000)", path, fps);
    fd_ = v4l2::open_video_node(path, load_hint(path));
    auto caps = v4l2::query_caps(fd_.get());  // also makes v4l2loopback refresh the node's caps
    if (caps && caps->driver == v4l2::kLoopbackDriver && !caps->video_output() && !caps->video_capture()) {
      caps = recover_from_write_producer_bug(caps);
    }
    check_is_loopback_output(path, caps);
    card_ = caps->card;

    const FrameLayout layout = negotiate_format(wanted, width, height);
    converter_.emplace(layout);
    fps_text_ = set_frame_rate(fps);
    stream_.emplace(fd_.get(), path_, kWantedBuffers, layout.size);
    spdlog::info("{}: writing {} ({} buffers, mmap streaming)", path_, description(), stream_->buffer_count());
  }

  void write(const cv::Mat& bgr) override {
    if (std::uint8_t* buffer = free_buffer()) {
      converter_->convert(bgr, buffer);
      stream_->queue(converter_->layout().size);
    }
  }

  void write_yuv(const YuvImage& frame) override {
    if (std::uint8_t* buffer = free_buffer()) {
      yuv_to_layout(frame, converter_->layout(), buffer);
      stream_->queue(converter_->layout().size);
    }
  }

  std::string description() const override {
    const auto& l = converter_->layout();
    return fmt::format("{} (v4l2loopback '{}') {} {}x{} @{}", path_, card_, pixel_format_name(l.format), l.width,
                       l.height, fps_text_);
  }

  std::uint64_t dropped_frames() const override { return dropped_; }

 private:
  // A mmap'ed buffer to fill, or nullptr (the frame is dropped, and counted).
  std::uint8_t* free_buffer() {
    std::uint8_t* buffer = stream_->acquire(kFreeBufferWait);
    if (buffer == nullptr && dropped_++ == 0) spdlog::warn("{}: no free output buffer, dropping frames", path_);
    return buffer;
  }

  // v4l2loopback 0.12.7 with exclusive_caps=1 re-offers output only when an
  // opener that did STREAMON closes; a write() producer never does, so after
  // one exits the node offers neither output nor capture (upstream #470:
  // the next producer gets VIDIOC_G_FMT: EINVAL). With no producer attached
  // (no capture offered) the fix is that missing STREAMON: do it, close,
  // reopen. (STREAMON itself fails here, the device has no buffers; it
  // still marks us as the writer.)
  std::optional<v4l2::DeviceCaps> recover_from_write_producer_bug(const std::optional<v4l2::DeviceCaps>& caps) {
    spdlog::warn(
        "{}: v4l2loopback '{}' offers no output (an earlier write() producer such as ffmpeg left it stuck: "
        "v4l2loopback 0.12.7 bug); resetting it",
        path_, caps->card);
    int type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    v4l2::ioctl(fd_.get(), VIDIOC_STREAMON, &type);
    fd_.reset();
    fd_ = v4l2::open_video_node(path_, load_hint(path_));
    return v4l2::query_caps(fd_.get());
  }

  FrameLayout negotiate_format(PixelFormat wanted, int width, int height) {
    const FrameLayout want = frame_layout(wanted, width, height);
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    auto& pix = fmt.fmt.pix;
    pix.width = static_cast<unsigned>(width);
    pix.height = static_cast<unsigned>(height);
    pix.pixelformat = v4l2::to_fourcc(wanted);
    pix.field = V4L2_FIELD_NONE;
    pix.bytesperline = static_cast<unsigned>(want.planes[0].stride);
    pix.sizeimage = static_cast<unsigned>(want.size);
    // What the converter produces (see bgr_converter.hpp). v4l2loopback 0.12.7
    // stores sRGB whatever is asked; consumers assume BT.601 for webcam YUV.
    pix.colorspace = V4L2_COLORSPACE_SMPTE170M;
    pix.ycbcr_enc = V4L2_YCBCR_ENC_601;
    pix.quantization = V4L2_QUANTIZATION_LIM_RANGE;
    pix.xfer_func = V4L2_XFER_FUNC_709;
    if (const int err = v4l2::ioctl(fd_.get(), VIDIOC_S_FMT, &fmt); err != 0) {
      fail("{}: cannot set {} {}x{} (VIDIOC_S_FMT: {})", path_, pixel_format_name(wanted), width, height,
           errno_text(err));
    }
    v4l2_format got{};
    got.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    if (const int err = v4l2::ioctl(fd_.get(), VIDIOC_G_FMT, &got); err != 0) {
      fail("{}: cannot read the format back (VIDIOC_G_FMT: {}); reload the module (sudo modprobe -r v4l2loopback)",
           path_, errno_text(err));
    }
    const auto& g = got.fmt.pix;
    const auto got_format = output_format_of(g.pixelformat);
    if (static_cast<int>(g.width) != width || static_cast<int>(g.height) != height || !got_format) {
      // v4l2loopback keeps the first producer's format while any reader holds
      // the device open, and clamps sizes to its max_width/max_height.
      fail(
          "{}: the device keeps {} {}x{} (set by an earlier producer while a reader still has it open, or the "
          "module's max_width/max_height), fakecam needs {} {}x{}; close the programs reading the camera, or run "
          "with that size",
          path_, v4l2::fourcc_text(g.pixelformat), g.width, g.height, pixel_format_name(wanted), width, height);
    }
    if (*got_format != wanted) {
      spdlog::warn(
          "{}: the device keeps {} from an earlier producer (a reader still has it open); writing {} instead "
          "of {}",
          path_, pixel_format_name(*got_format), pixel_format_name(*got_format), pixel_format_name(wanted));
      check_frame_size(path_, *got_format, width, height);
    }
    const FrameLayout layout = frame_layout(*got_format, width, height, g.bytesperline);
    if (g.sizeimage != 0 && g.sizeimage < layout.size) {
      fail("{}: the driver reports {} bytes per frame, {} {}x{} needs {}", path_, g.sizeimage,
           pixel_format_name(*got_format), width, height, layout.size);
    }
    return layout;
  }

  std::string set_frame_rate(int fps) {
    v4l2_streamparm parm{};
    parm.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
    parm.parm.output.timeperframe = {1, static_cast<unsigned>(fps)};
    if (const int err = v4l2::ioctl(fd_.get(), VIDIOC_S_PARM, &parm); err != 0) {
      spdlog::warn("{}: cannot set {} fps (VIDIOC_S_PARM: {}); consumers may assume another rate", path_, fps,
                   errno_text(err));
      return std::to_string(fps);
    }
    return v4l2::rate_text(parm.parm.output.timeperframe);
  }

  std::string path_;
  std::string card_;
  std::string fps_text_;
  UniqueFd fd_;
  std::optional<BgrConverter> converter_;
  std::optional<v4l2::OutputQueue> stream_;  // declared after fd_: unmapped before the fd closes
  std::uint64_t dropped_ = 0;
};

}  // namespace

std::unique_ptr<FrameSink> open_v4l2loopback(const std::string& path, int width, int height, int fps,
                                             PixelFormat format) {
  return std::make_unique<LoopbackSink>(path, width, height, fps, format);
}

}  // namespace fakecam::output
