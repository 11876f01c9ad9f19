#include "capture/webcam_source.hpp"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "capture/v4l2_errors.hpp"
#include "common/log.hpp"

namespace fakecam::capture {

namespace {

// After this many corrupt frames in a row the user hears about it (each drop
// alone is only a debug message: flaky USB cameras drop the odd frame).
constexpr int kDropsBeforeWarning = 30;

std::string modes_text(const std::vector<CaptureMode>& modes) {
  std::vector<std::string> parts;
  parts.reserve(modes.size());
  for (const auto& m : modes) parts.push_back(mode_text(m));
  return fmt::format("{}", fmt::join(parts, ", "));
}

}  // namespace

WebcamSource::WebcamSource(const WebcamOptions& options) : device_(options.path) {
  const std::string& path = device_.path();
  const ModeRequest request{options.size, options.fps, options.format};

  std::vector<CaptureMode> modes;
  std::vector<std::string> offered;
  for (const auto& format : device_.formats()) {
    offered.push_back(format.description.empty() ? fourcc_text(format.code)
                                                 : fmt::format("{} ({})", fourcc_text(format.code), format.description));
    if (!format_rank(format.code)) continue;
    auto list = device_.modes(format, request);
    modes.insert(modes.end(), list.begin(), list.end());
  }
  spdlog::debug("{}: modes offered: {}", path, modes_text(modes));
  const auto chosen = choose_mode(modes, request);
  if (!chosen) fail("{}", no_format_message(path, device_.card(), offered));

  const CaptureMode asked{options.format.value_or(chosen->format), options.size, options.fps};
  if (options.format && chosen->format != *options.format) {
    spdlog::warn("{}: does not offer {}; using {}", path, fourcc_text(*options.format), fourcc_text(chosen->format));
  }

  active_ = device_.set_format(chosen->format, chosen->size);
  if (!format_rank(active_.format)) {
    fail("{}: the driver switched to pixel format {} which fakecam cannot read", path, fourcc_text(active_.format));
  }
  if (!is_jpeg(active_.format) && RawConverter::frame_bytes(active_.format, active_.size, active_.stride) == 0) {
    fail("{}: the driver reports an impossible line length {} for {} {}x{}", path, active_.stride,
         fourcc_text(active_.format), active_.size.width, active_.size.height);
  }
  fps_ = device_.set_frame_rate(chosen->fps);
  if (fps_ <= 0) fps_ = chosen->fps > 0 ? chosen->fps : options.fps;

  const CaptureMode actual{active_.format, active_.size, fps_};
  if (actual.size != options.size || std::abs(actual.fps - options.fps) > 0.01 * options.fps ||
      (options.format && actual.format != *options.format)) {
    spdlog::info("{}: no mode {}; using the nearest, {}", path, mode_text(asked), mode_text(actual));
  }

  output_size_ = active_.size;
  if (is_jpeg(active_.format)) {
    scale_ = choose_dct_scale(active_.size, options.decode_at_least);
    output_size_ = scaled_size(active_.size, scale_);
  }
  description_ = fmt::format("{} ({}) {}", path, device_.card(), mode_text(actual));
  if (output_size_ != active_.size) {
    description_ += fmt::format(", decoded at {}x{}", output_size_.width, output_size_.height);
  }
  stream_ = std::make_unique<v4l2::Stream>(device_, std::max(options.buffers, 2));
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

bool WebcamSource::deliver(const v4l2::Buffer& buffer, Frame& frame) {
  if (buffer.error_flagged()) {
    note_dropped("the driver flagged it as corrupt");
    return false;
  }
  const auto data = buffer.data();
  if (is_jpeg(active_.format)) {
    // The header must match the negotiated size: anything else would change
    // the frame size under the caller.
    const cv::Size jpeg_size = jpeg_.peek_size(data);
    if (jpeg_size != active_.size) {
      note_dropped(jpeg_size.empty() ? std::string("unreadable JPEG header")
                                     : fmt::format("JPEG is {}x{}, not the negotiated {}x{}", jpeg_size.width,
                                                   jpeg_size.height, active_.size.width, active_.size.height));
      return false;
    }
    // Never decode into a buffer someone else still holds a reference to.
    if (scratch_.u != nullptr && scratch_.u->refcount > 1) scratch_.release();
    if (!jpeg_.decode(data, scratch_, scale_)) {
      note_dropped(jpeg_.last_error());
      return false;
    }
    std::swap(frame.image, scratch_);
  } else if (!raw_.convert(active_.format, data, active_.size, active_.stride, frame.image)) {
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

void WebcamSource::note_dropped(const std::string& why) {
  spdlog::debug("{}: dropped a frame: {}", device_.path(), why);
  if (++dropped_in_a_row_ == kDropsBeforeWarning && !warned_dropping_) {
    warned_dropping_ = true;
    spdlog::warn("{}: the last {} frames were unusable and dropped (latest: {})", device_.path(), kDropsBeforeWarning,
                 why);
  }
}

std::unique_ptr<FrameSource> open_webcam(const WebcamOptions& options) { return std::make_unique<WebcamSource>(options); }

}  // namespace fakecam::capture
