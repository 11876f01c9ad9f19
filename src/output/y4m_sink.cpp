// SPDX-License-Identifier: GPL-3.0-or-later
// FrameSink writing YUV4MPEG2 to a file or stdout.

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "common/error.hpp"
#include "common/unique_fd.hpp"
#include "output/bgr_converter.hpp"
#include "output/frame_sink.hpp"
#include "output/y4m_format.hpp"

namespace fakecam::output {

std::string y4m_stream_header(int width, int height, int fps) {
  return fmt::format("YUV4MPEG2 W{} H{} F{}:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n", width, height, fps);
}

namespace {

UniqueFd open_for_writing(const std::string& path) {
  UniqueFd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (fd) return fd;
  const int err = errno;
  if (err == ENOENT) {
    const auto dir = std::filesystem::path(path).parent_path();
    fail("{}: cannot write: directory {} does not exist", path, dir.empty() ? "." : dir.string());
  }
  if (err == EISDIR) fail("{}: is a directory; give a file name such as out.y4m", path);
  if (err == EACCES || err == EPERM) fail("{}: cannot write: permission denied", path);
  fail("{}: cannot write: {}", path, errno_text(err));
}

FrameLayout checked_i420_layout(const std::string& name, int width, int height) {
  check_frame_size(name, PixelFormat::i420, width, height);
  return frame_layout(PixelFormat::i420, width, height);
}

class Y4mSink final : public FrameSink {
 public:
  Y4mSink(const std::string& path, int width, int height, int fps)
      : name_(path == "-" ? "stdout" : path), layout_(checked_i420_layout(name_, width, height)) {
    if (fps <= 0 || fps > 1000) fail("{}: frame rate {} is out of range (1..1000)", name_, fps);
    if (path == "-") {
      if (::isatty(STDOUT_FILENO) == 1) {
        fail(
            "stdout is a terminal; fakecam writes binary YUV4MPEG2 video there: pipe it (| ffplay -) or redirect "
            "it (> out.y4m)");
      }
      fd_ = STDOUT_FILENO;
    } else {
      owned_ = open_for_writing(path);
      fd_ = owned_.get();
    }
    fps_ = fps;
    converter_.emplace(layout_);
    const std::string header = y4m_stream_header(width, height, fps);
    write_all(reinterpret_cast<const std::uint8_t*>(header.data()), header.size());
  }

  void write(const cv::Mat& bgr) override {
    // Made on the first BGR frame: a YUV pipeline never needs it.
    if (frame_.empty()) {
      frame_.resize(kY4mFrameHeader.size() + layout_.size);
      std::copy(kY4mFrameHeader.begin(), kY4mFrameHeader.end(), frame_.begin());
    }
    converter_->convert(bgr, frame_.data() + kY4mFrameHeader.size());
    write_all(frame_.data(), frame_.size());
  }

  // The frame's buffer is already y4m's payload (I420 planes, tightly
  // packed): written as it is, after the frame header.
  void write_yuv(const YuvImage& frame) override {
    if (frame.size() != cv::Size(layout_.width, layout_.height)) {
      fail("{}: got a {}x{} YUV frame, expected {}x{}", name_, frame.size().width, frame.size().height, layout_.width,
           layout_.height);
    }
    write_all(reinterpret_cast<const std::uint8_t*>(kY4mFrameHeader.data()), kY4mFrameHeader.size());
    write_all(frame.data(), frame.byte_size());
  }

  std::string description() const override {
    return fmt::format("{} (YUV4MPEG2 I420 {}x{} @{})", name_, layout_.width, layout_.height, fps_);
  }

 private:
  void write_all(const std::uint8_t* data, std::size_t size) {
    while (size > 0) {
      const ssize_t n = ::write(fd_, data, size);
      if (n >= 0) {
        data += n;
        size -= static_cast<std::size_t>(n);
        continue;
      }
      const int err = errno;
      if (err == EINTR) continue;
      if (err == EAGAIN) {  // a non-blocking stdout: wait until the reader catches up
        pollfd pfd{fd_, POLLOUT, 0};
        ::poll(&pfd, 1, 1000);
        continue;
      }
      if (err == EPIPE) throw ConsumerClosed(fmt::format("{}: the consumer closed the stream", name_));
      if (err == ENOSPC) fail("{}: cannot write: no space left on the device", name_);
      fail("{}: cannot write: {}", name_, errno_text(err));
    }
  }

  std::string name_;
  FrameLayout layout_;
  int fps_ = 0;
  UniqueFd owned_;
  int fd_ = -1;
  std::optional<BgrConverter> converter_;
  std::vector<std::uint8_t> frame_;  // "FRAME\n" + planes, converted in place
};

}  // namespace

std::unique_ptr<FrameSink> open_y4m(const std::string& path, int width, int height, int fps) {
  return std::make_unique<Y4mSink>(path, width, height, fps);
}

}  // namespace fakecam::output
