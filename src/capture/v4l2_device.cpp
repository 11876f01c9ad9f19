#include "capture/v4l2_device.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <utility>

#include "capture/frame_source.hpp"
#include "capture/v4l2_errors.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::capture::v4l2 {

namespace {

// The kernel's fixed-size, NUL-padded strings.
template <std::size_t N>
std::string text_of(const std::uint8_t (&field)[N]) {
  return {reinterpret_cast<const char*>(field), strnlen(reinterpret_cast<const char*>(field), N)};
}

double rate_of(const v4l2_fract& interval) {
  return interval.numerator == 0 ? 0.0 : static_cast<double>(interval.denominator) / interval.numerator;
}

v4l2_fract interval_for(double fps) {
  // Whole rates exactly (1/30); others such as 29.97 to a thousandth (1000/29970).
  if (std::abs(fps - std::round(fps)) < 1e-6) return {1, static_cast<std::uint32_t>(std::lround(fps))};
  return {1000, static_cast<std::uint32_t>(std::lround(fps * 1000))};
}

}  // namespace

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

Fd& Fd::operator=(Fd&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = other.release();
  }
  return *this;
}

Device::Device(std::string path) : path_(std::move(path)) {
  fd_ = Fd(::open(path_.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (fd_.get() < 0) {
    const int err = errno;
    if (err == ENOENT || err == ENODEV || err == ENXIO) throw DeviceAbsent(open_error_message(path_, err));
    fail("{}", open_error_message(path_, err));
  }

  struct stat st {};
  if (::fstat(fd_.get(), &st) == 0 && !S_ISCHR(st.st_mode)) {
    fail("{}: not a video device (it is {}); {}", path_, S_ISDIR(st.st_mode) ? "a directory" : "a regular file",
         "list cameras with `v4l2-ctl --list-devices`");
  }
  v4l2_capability cap{};
  if (const int err = ioctl(VIDIOC_QUERYCAP, &cap); err != 0) fail("{}", not_v4l2_message(path_, err));
  card_ = text_of(cap.card);
  driver_ = text_of(cap.driver);
  const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) != 0 ? cap.device_caps : cap.capabilities;
  if ((caps & V4L2_CAP_VIDEO_CAPTURE) == 0 || (caps & V4L2_CAP_STREAMING) == 0) {
    // A v4l2loopback node offering only output (exclusive_caps=1) is a phone
    // or other producer's camera that is not running yet.
    if (driver_ == "v4l2 loopback" && (caps & V4L2_CAP_VIDEO_OUTPUT) != 0 && (caps & V4L2_CAP_VIDEO_CAPTURE) == 0) {
      throw DeviceAbsent(not_capture_message(path_, card_, caps));
    }
    fail("{}", not_capture_message(path_, card_, caps));
  }
}

int Device::ioctl(unsigned long request, void* arg) const {
  for (;;) {
    if (::ioctl(fd_.get(), request, arg) == 0) return 0;
    if (errno != EINTR) return errno;
  }
}

std::vector<FormatInfo> Device::formats() const {
  std::vector<FormatInfo> list;
  for (std::uint32_t index = 0;; ++index) {
    v4l2_fmtdesc desc{};
    desc.index = index;
    desc.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (ioctl(VIDIOC_ENUM_FMT, &desc) != 0) break;
    list.push_back({desc.pixelformat, text_of(desc.description)});
  }
  return list;
}

std::vector<CaptureMode> Device::modes(const FormatInfo& format, const ModeRequest& request) const {
  std::vector<cv::Size> sizes;
  v4l2_frmsizeenum fs{};
  fs.pixel_format = format.code;
  if (ioctl(VIDIOC_ENUM_FRAMESIZES, &fs) == 0) {
    if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
      for (fs.index = 0; ioctl(VIDIOC_ENUM_FRAMESIZES, &fs) == 0 && fs.type == V4L2_FRMSIZE_TYPE_DISCRETE; ++fs.index) {
        sizes.emplace_back(static_cast<int>(fs.discrete.width), static_cast<int>(fs.discrete.height));
      }
    } else {
      const auto& sw = fs.stepwise;
      const auto i = [](std::uint32_t v) { return static_cast<int>(v); };
      sizes.emplace_back(snap_to_range(request.size.width, i(sw.min_width), i(sw.max_width), i(sw.step_width)),
                         snap_to_range(request.size.height, i(sw.min_height), i(sw.max_height), i(sw.step_height)));
    }
  } else {
    // No size enumeration: ask what the driver would do with the request.
    v4l2_format f{};
    f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    f.fmt.pix.pixelformat = format.code;
    f.fmt.pix.width = static_cast<std::uint32_t>(request.size.width);
    f.fmt.pix.height = static_cast<std::uint32_t>(request.size.height);
    f.fmt.pix.field = V4L2_FIELD_ANY;
    if (ioctl(VIDIOC_TRY_FMT, &f) == 0 && f.fmt.pix.pixelformat == format.code) {
      sizes.emplace_back(static_cast<int>(f.fmt.pix.width), static_cast<int>(f.fmt.pix.height));
    }
  }

  std::vector<CaptureMode> list;
  for (const cv::Size size : sizes) {
    v4l2_frmivalenum fi{};
    fi.pixel_format = format.code;
    fi.width = static_cast<std::uint32_t>(size.width);
    fi.height = static_cast<std::uint32_t>(size.height);
    if (ioctl(VIDIOC_ENUM_FRAMEINTERVALS, &fi) != 0) {
      list.push_back({format.code, size, 0.0});  // the driver does not say
    } else if (fi.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
      for (fi.index = 0; ioctl(VIDIOC_ENUM_FRAMEINTERVALS, &fi) == 0 && fi.type == V4L2_FRMIVAL_TYPE_DISCRETE; ++fi.index) {
        list.push_back({format.code, size, rate_of(fi.discrete)});
      }
    } else {
      // The longest interval is the lowest rate.
      const double slowest = rate_of(fi.stepwise.max);
      const double fastest = rate_of(fi.stepwise.min);
      list.push_back({format.code, size, clamp_rate(request.fps, slowest, fastest)});
    }
  }
  return list;
}

ActiveFormat Device::set_format(FourCC format, cv::Size size) {
  v4l2_format f{};
  f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  f.fmt.pix.pixelformat = format;
  f.fmt.pix.width = static_cast<std::uint32_t>(size.width);
  f.fmt.pix.height = static_cast<std::uint32_t>(size.height);
  f.fmt.pix.field = V4L2_FIELD_NONE;
  if (const int err = ioctl(VIDIOC_S_FMT, &f); err != 0) fail("{}", setup_error_message(path_, "VIDIOC_S_FMT", err));
  return {f.fmt.pix.pixelformat, {static_cast<int>(f.fmt.pix.width), static_cast<int>(f.fmt.pix.height)},
          static_cast<int>(f.fmt.pix.bytesperline), f.fmt.pix.sizeimage};
}

double Device::set_frame_rate(double fps) {
  v4l2_streamparm parm{};
  parm.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (ioctl(VIDIOC_G_PARM, &parm) != 0) return 0.0;
  if ((parm.parm.capture.capability & V4L2_CAP_TIMEPERFRAME) != 0 && fps > 0) {
    parm.parm.capture.timeperframe = interval_for(fps);
    if (const int err = ioctl(VIDIOC_S_PARM, &parm); err != 0) {
      if (err == EBUSY || is_device_gone(err)) fail("{}", setup_error_message(path_, "VIDIOC_S_PARM", err));
      spdlog::warn("{}: cannot set the frame rate to {}: {}", path_, fps, errno_text(err));
      if (ioctl(VIDIOC_G_PARM, &parm) != 0) return 0.0;
    }
  }
  return rate_of(parm.parm.capture.timeperframe);
}

Stream::Mapping::Mapping(int fd, std::size_t length, std::uint32_t offset)
    : address_(::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset)), length_(length) {
  if (address_ == MAP_FAILED) {
    const int err = errno;
    address_ = nullptr;
    throw Error(errno_text(err));
  }
}

Stream::Mapping::~Mapping() {
  if (address_ != nullptr) ::munmap(address_, length_);
}

Stream::Mapping::Mapping(Mapping&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)), length_(std::exchange(other.length_, 0)) {}

std::span<const std::uint8_t> Stream::Mapping::bytes(std::size_t used) const {
  return {static_cast<const std::uint8_t*>(address_), std::min(used, length_)};
}

Stream::Stream(Device& device, int count) : device_(device) {
  const std::string& path = device_.path();
  v4l2_requestbuffers req{};
  req.count = static_cast<std::uint32_t>(count);
  req.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  req.memory = V4L2_MEMORY_MMAP;
  if (const int err = device_.ioctl(VIDIOC_REQBUFS, &req); err != 0) {
    fail("{}", setup_error_message(path, "VIDIOC_REQBUFS", err));
  }
  if (req.count < 2) fail("{}: the driver gave {} capture buffer(s); at least 2 are needed", path, req.count);

  mappings_.reserve(req.count);
  for (std::uint32_t index = 0; index < req.count; ++index) {
    v4l2_buffer buf{};
    buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    buf.memory = V4L2_MEMORY_MMAP;
    buf.index = index;
    if (const int err = device_.ioctl(VIDIOC_QUERYBUF, &buf); err != 0) {
      fail("{}", setup_error_message(path, "VIDIOC_QUERYBUF", err));
    }
    try {
      mappings_.emplace_back(device_.fd(), buf.length, buf.m.offset);
    } catch (const Error& e) {
      fail("{}: cannot map capture buffer {}: {}", path, index, e.what());
    }
    if (const int err = device_.ioctl(VIDIOC_QBUF, &buf); err != 0) {
      fail("{}", setup_error_message(path, "VIDIOC_QBUF", err));
    }
  }
  int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  if (const int err = device_.ioctl(VIDIOC_STREAMON, &type); err != 0) {
    fail("{}", setup_error_message(path, "VIDIOC_STREAMON", err));
  }
  streaming_ = true;
}

Stream::~Stream() {
  if (streaming_) {
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    device_.ioctl(VIDIOC_STREAMOFF, &type);  // nothing to do if it fails: the fd closes next
  }
}

std::optional<v4l2_buffer> Stream::dequeue() {
  v4l2_buffer buf{};
  buf.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
  buf.memory = V4L2_MEMORY_MMAP;
  const int err = device_.ioctl(VIDIOC_DQBUF, &buf);
  if (err == 0) {
    if (buf.index >= mappings_.size()) fail("{}: driver returned unknown buffer {}", device_.path(), buf.index);
    return buf;
  }
  if (err == EAGAIN) return std::nullopt;
  if (is_device_gone(err)) throw DeviceLost(fmt::format("{}: the camera disappeared ({})", device_.path(), errno_text(err)));
  fail("{}: VIDIOC_DQBUF failed: {}", device_.path(), errno_text(err));
}

void Stream::requeue(const v4l2_buffer& buffer) {
  v4l2_buffer copy = buffer;
  const int err = device_.ioctl(VIDIOC_QBUF, &copy);
  if (err != 0 && requeue_error_ == 0) requeue_error_ = err;
}

std::optional<Buffer> Stream::next(std::chrono::milliseconds timeout) {
  if (requeue_error_ != 0) {
    const int err = std::exchange(requeue_error_, 0);
    if (is_device_gone(err)) throw DeviceLost(fmt::format("{}: the camera disappeared ({})", device_.path(), errno_text(err)));
    fail("{}: VIDIOC_QBUF failed: {}", device_.path(), errno_text(err));
  }
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
    pollfd pfd{device_.fd(), POLLIN, 0};
    const int ready = ::poll(&pfd, 1, static_cast<int>(std::max<std::int64_t>(left.count(), 0)));
    if (ready < 0) {
      if (errno == EINTR) continue;
      fail("{}: poll failed: {}", device_.path(), errno_text(errno));
    }
    if (ready == 0) return std::nullopt;
    if ((pfd.revents & (POLLERR | POLLHUP | POLLNVAL)) != 0) {
      throw DeviceLost(fmt::format("{}: the camera disappeared (it stopped streaming)", device_.path()));
    }
    std::optional<v4l2_buffer> newest;
    while (auto buf = dequeue()) {
      if (newest) requeue(*newest);
      newest = buf;
    }
    if (newest) return Buffer(*this, *newest, mappings_[newest->index].bytes(newest->bytesused));
    if (Clock::now() >= deadline) return std::nullopt;
  }
}

Buffer::Buffer(Stream& stream, const v4l2_buffer& info, std::span<const std::uint8_t> data)
    : stream_(&stream), info_(info), data_(data) {}

Buffer::Buffer(Buffer&& other) noexcept
    : stream_(std::exchange(other.stream_, nullptr)), info_(other.info_), data_(other.data_) {}

Buffer::~Buffer() {
  if (stream_ != nullptr) stream_->requeue(info_);
}

std::optional<Clock::time_point> Buffer::timestamp() const {
  if ((info_.flags & V4L2_BUF_FLAG_TIMESTAMP_MASK) != V4L2_BUF_FLAG_TIMESTAMP_MONOTONIC) return std::nullopt;
  if (info_.timestamp.tv_sec == 0 && info_.timestamp.tv_usec == 0) return std::nullopt;
  // libstdc++'s steady_clock is CLOCK_MONOTONIC, the clock V4L2 stamps with.
  const auto since_boot = std::chrono::seconds(info_.timestamp.tv_sec) + std::chrono::microseconds(info_.timestamp.tv_usec);
  return Clock::time_point(std::chrono::duration_cast<Clock::duration>(since_boot));
}

}  // namespace fakecam::capture::v4l2
