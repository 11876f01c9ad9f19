// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/webcam_source.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "capture/device_modes.hpp"
#include "common/log.hpp"
#include "v4l2/errors.hpp"
#include "v4l2/format.hpp"
#include "v4l2/pixel_format.hpp"

namespace fakecam::capture {

namespace {

// After this many corrupt frames in a row the user hears about it (each drop
// alone is only a debug message: flaky USB cameras drop the odd frame).
constexpr int kDropsBeforeWarning = 30;

bool is_odd(cv::Size size) { return size.width % 2 != 0 || size.height % 2 != 0; }

std::string modes_text(const std::vector<CaptureMode>& modes) {
  std::vector<std::string> parts;
  parts.reserve(modes.size());
  for (const auto& m : modes) parts.push_back(mode_text(m));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

WebcamSource::WebcamSource(const WebcamOptions& options) : device_(options.path), yuv_(options.yuv) {
  const std::string& path = device_.path();
  const ModeRequest request{options.size, options.fps, options.format};

  std::vector<CaptureMode> modes;
  std::vector<std::string> offered;
  for (const auto& format : device_.formats()) {
    offered.push_back(format.description.empty()
                          ? v4l2::fourcc_text(format.code)
                          : fmt::format("{} ({})", v4l2::fourcc_text(format.code), format.description));
    const auto known = v4l2::from_fourcc(format.code);
    if (!known || !format_rank(*known)) continue;
    auto list = device_modes(device_, *known, request);
    modes.insert(modes.end(), list.begin(), list.end());
  }
  spdlog::debug("{}: modes offered: {}", path, modes_text(modes));
  const auto chosen = choose_mode(modes, request);
  if (!chosen) fail("{}", v4l2::no_format_message(path, device_.card(), offered, supported_formats_text()));

  const CaptureMode asked{options.format.value_or(chosen->format), options.size, options.fps};
  if (options.format && chosen->format != *options.format) {
    spdlog::warn("{}: does not offer {}; using {}", path, v4l2::fourcc_name(*options.format),
                 v4l2::fourcc_name(chosen->format));
  }

  active_ = device_.set_format(v4l2::to_fourcc(chosen->format), chosen->size);
  const auto active_format = v4l2::from_fourcc(active_.format);
  if (!active_format || !format_rank(*active_format)) {
    fail("{}: the driver switched to pixel format {} which fakecam cannot read", path,
         v4l2::fourcc_text(active_.format));
  }
  format_ = *active_format;
  if (!is_jpeg(format_) && RawConverter::frame_bytes(format_, active_.size, active_.stride) == 0) {
    fail("{}: the driver reports an impossible line length {} for {} {}x{}", path, active_.stride,
         v4l2::fourcc_text(active_.format), active_.size.width, active_.size.height);
  }
  fps_ = device_.set_frame_rate(chosen->fps);
  if (fps_ <= 0) fps_ = chosen->fps > 0 ? chosen->fps : options.fps;

  const CaptureMode actual{format_, active_.size, fps_};
  if (actual.size != options.size || std::abs(actual.fps - options.fps) > 0.01 * options.fps ||
      (options.format && actual.format != *options.format)) {
    spdlog::info("{}: no mode {}; using the nearest, {}", path, mode_text(asked), mode_text(actual));
  }

  output_size_ = active_.size;
  if (is_jpeg(format_)) {
    scale_ = choose_dct_scale(active_.size, options.decode_at_least);
    output_size_ = scaled_size(active_.size, scale_);
    // YUV 4:2:0 needs an even size: a weaker reduction that gives one
    // (1920x1080 at 1/8 is 240x135, at 1/4 480x270).
    while (yuv_ && is_odd(output_size_) && scale_.denom > 1) {
      scale_ = DctScale{1, scale_.denom / 2};
      output_size_ = scaled_size(active_.size, scale_);
    }
  }
  if (yuv_ && is_odd(output_size_)) {
    fail("{}: the camera mode {}x{} has an odd side; YUV 4:2:0 frames need an even width and height", path,
         output_size_.width, output_size_.height);
  }
  description_ = fmt::format("{} ({}) {}", path, device_.card(), mode_text(actual));
  if (output_size_ != active_.size) {
    description_ += fmt::format(", decoded at {}x{}", output_size_.width, output_size_.height);
  }
  stream_ = std::make_unique<v4l2::CaptureStream>(device_, std::max(options.buffers, 2));
  spdlog::info("capturing from {}", description_);
}

bool WebcamSource::read(Frame& frame, std::chrono::milliseconds timeout) {
  const auto deadline = Clock::now() + timeout;
  for (;;) {
    const auto left = std::max(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()),
                               std::chrono::milliseconds(0));
    auto buffer = stream_->next(left);
    if (!buffer) return false;
    if (deliver(*buffer, frame)) return true;
    if (Clock::now() >= deadline) return false;
  }
}

bool WebcamSource::skip(std::chrono::milliseconds timeout) {
  auto buffer = stream_->next(timeout);
  if (buffer) ++sequence_;
  return buffer.has_value();
}

bool WebcamSource::deliver(const v4l2::CaptureBuffer& buffer, Frame& frame) {
  if (buffer.error_flagged()) {
    note_dropped("the driver flagged it as corrupt");
    return false;
  }
  const auto data = buffer.data();
  if (yuv_) {
    if (!convert_yuv(data, frame)) return false;
  } else if (is_jpeg(format_)) {
    if (!has_negotiated_size(data)) return false;
    // Never decode into a buffer someone else still holds a reference to.
    if (scratch_.u != nullptr && scratch_.u->refcount > 1) scratch_.release();
    if (!jpeg_.decode(data, scratch_, scale_)) {
      note_dropped(jpeg_.last_error());
      return false;
    }
    std::swap(frame.image, scratch_);
  } else if (!raw_.convert(format_, data, active_.size, active_.stride, frame.image)) {
    note_dropped(fmt::format("incomplete frame ({} bytes)", data.size()));
    return false;
  }
  dropped_in_a_row_ = 0;
  const auto now = Clock::now();
  const auto stamp = buffer.timestamp();
  // Trust the driver's time only when it is plausible (some drivers stamp
  // with another clock despite the flag).
  frame.captured = stamp && *stamp <= now && now - *stamp < std::chrono::seconds(1) ? *stamp : now;
  frame.sequence = sequence_++;
  return true;
}

bool WebcamSource::has_negotiated_size(std::span<const std::uint8_t> jpeg) {
  // Anything else would change the frame size under the caller.
  const cv::Size jpeg_size = jpeg_.peek_size(jpeg);
  if (jpeg_size == active_.size) return true;
  note_dropped(jpeg_size.empty() ? std::string("unreadable JPEG header")
                                 : fmt::format("JPEG is {}x{}, not the negotiated {}x{}", jpeg_size.width,
                                               jpeg_size.height, active_.size.width, active_.size.height));
  return false;
}

bool WebcamSource::convert_yuv(std::span<const std::uint8_t> data, Frame& frame) {
  if (!is_jpeg(format_)) {
    if (raw_.convert(format_, data, active_.size, active_.stride, frame.yuv)) {
      frame.image.release();  // the picture is in frame.yuv only
      return true;
    }
    note_dropped(fmt::format("incomplete frame ({} bytes)", data.size()));
    return false;
  }
  if (!has_negotiated_size(data)) return false;
  // Decoded aside first, so a corrupt frame never reaches the caller (create()
  // does not reuse a buffer someone else still holds).
  if (!jpeg_.decode(data, scratch_yuv_, scale_)) {
    note_dropped(jpeg_.last_error());
    return false;
  }
  std::swap(frame.yuv, scratch_yuv_);
  frame.image.release();
  return true;
}

void WebcamSource::note_dropped(const std::string& why) {
  spdlog::debug("{}: dropped a frame: {}", device_.path(), why);
  if (++dropped_in_a_row_ == kDropsBeforeWarning && !warned_dropping_) {
    warned_dropping_ = true;
    spdlog::warn("{}: the last {} frames were unusable and dropped (latest: {})", device_.path(), kDropsBeforeWarning,
                 why);
  }
}

std::unique_ptr<FrameSource> open_webcam(const WebcamOptions& options) {
  return std::make_unique<WebcamSource>(options);
}

}  // namespace fakecam::capture
