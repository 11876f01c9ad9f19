#pragma once
// A V4L2 video capture node: the open file descriptor, what it can do, and
// mmap streaming. Owns every kernel resource it takes (fd, mapped buffers,
// the streaming state) and gives it back in its destructor.

#include <linux/videodev2.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "capture/capture_mode.hpp"
#include "common/frame.hpp"

namespace fakecam::capture::v4l2 {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd();
  Fd(Fd&& other) noexcept : fd_(other.release()) {}
  Fd& operator=(Fd&& other) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }

 private:
  int fd_ = -1;
};

struct FormatInfo {
  FourCC code = 0;
  std::string description;  // the driver's name for it, e.g. "Motion-JPEG"
};

// The format the driver actually set (it may adjust what was asked).
struct ActiveFormat {
  FourCC format = 0;
  cv::Size size;
  int stride = 0;               // bytesperline
  std::size_t image_bytes = 0;  // sizeimage
};

class Device {
 public:
  // Opens `path` (non-blocking) and checks that it is a video capture device
  // with streaming I/O. Throws Error with the user-facing message otherwise.
  explicit Device(std::string path);

  const std::string& path() const { return path_; }
  const std::string& card() const { return card_; }
  const std::string& driver() const { return driver_; }
  int fd() const { return fd_.get(); }

  // ioctl(2), retried on EINTR. Returns 0 or the errno value.
  int ioctl(unsigned long request, void* arg) const;

  std::vector<FormatInfo> formats() const;
  // Every (format, size, rate) the driver lists for `format`. Sizes and rates
  // given as ranges contribute the value nearest to the request.
  std::vector<CaptureMode> modes(const FormatInfo& format, const ModeRequest& request) const;

  // VIDIOC_S_FMT; throws Error (busy, ...) on failure.
  ActiveFormat set_format(FourCC format, cv::Size size);
  // VIDIOC_S_PARM; returns the rate the driver settled on, or 0 when the
  // driver has no rate control.
  double set_frame_rate(double fps);

 private:
  std::string path_;
  Fd fd_;
  std::string card_;
  std::string driver_;
};

class Stream;

// A filled buffer, lent out by Stream::next() until the guard goes away.
class Buffer {
 public:
  Buffer(Stream& stream, const v4l2_buffer& info, std::span<const std::uint8_t> data);
  ~Buffer();  // hands the buffer back to the driver
  Buffer(Buffer&& other) noexcept;
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;
  Buffer& operator=(Buffer&&) = delete;

  std::span<const std::uint8_t> data() const { return data_; }
  bool error_flagged() const { return (info_.flags & V4L2_BUF_FLAG_ERROR) != 0; }
  // When the driver captured it, if it says so on the monotonic clock
  // (steady_clock's); otherwise nullopt.
  std::optional<Clock::time_point> timestamp() const;

 private:
  Stream* stream_;
  v4l2_buffer info_;
  std::span<const std::uint8_t> data_;
};

class Stream {
 public:
  // Requests `count` mmap buffers, queues them all and starts streaming.
  Stream(Device& device, int count);
  ~Stream();  // stops streaming; the buffers are unmapped, and freed when the device closes
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;

  // Waits up to `timeout` for a filled buffer. When several are ready, the
  // newest is returned and the older ones go straight back to the driver, so
  // a slow consumer sees fresh frames rather than a growing delay. nullopt on
  // timeout. Throws DeviceLost when the camera is gone.
  std::optional<Buffer> next(std::chrono::milliseconds timeout);

 private:
  friend class Buffer;
  // One buffer mmapped from the driver; unmapped when destroyed.
  class Mapping {
   public:
    Mapping(int fd, std::size_t length, std::uint32_t offset);
    ~Mapping();
    Mapping(Mapping&& other) noexcept;
    Mapping(const Mapping&) = delete;
    Mapping& operator=(const Mapping&) = delete;
    Mapping& operator=(Mapping&&) = delete;
    std::span<const std::uint8_t> bytes(std::size_t used) const;

   private:
    void* address_;
    std::size_t length_;
  };
  void requeue(const v4l2_buffer& buffer);
  std::optional<v4l2_buffer> dequeue();

  Device& device_;
  std::vector<Mapping> mappings_;
  bool streaming_ = false;
  int requeue_error_ = 0;  // from a Buffer destructor, reported by the next next()
};

}  // namespace fakecam::capture::v4l2
