// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/camera_pipeline.hpp"

#include <opencv2/imgproc.hpp>

#include "capture/supervised_source.hpp"
#include "common/log.hpp"
#include "common/thread_name.hpp"
#include "output/frame_sink.hpp"

namespace fakecam::app {

namespace {
using namespace std::chrono_literals;

double ms_between(Clock::time_point a, Clock::time_point b) {
  return std::chrono::duration<double, std::milli>(b - a).count();
}

// How long a reader-less virtual camera waits between black frames: often
// enough that a program probing the device sees it alive, rarely enough to
// cost nothing.
constexpr auto kIdleFrameInterval = 1s;
}  // namespace

CameraPipeline::CameraPipeline(PipelineOptions options, PipelineParts parts)
    : options_(std::move(options)), parts_(std::move(parts)), framer_(options_.framing) {
  masks_ = std::make_unique<MaskWorker>(std::move(parts_.segmenter), options_.motion_gate, stats_);
  current_compose_ = parts_.compositor->settings();
}

void CameraPipeline::replace_compositor(std::unique_ptr<compose::Compositor> compositor) {
  std::lock_guard lock(compositor_mutex_);
  current_compose_ = compositor->settings();
  next_compositor_ = std::move(compositor);
}

compose::ComposeSettings CameraPipeline::compose_settings() const {
  std::lock_guard lock(compositor_mutex_);
  return current_compose_;
}

void CameraPipeline::set_paused(bool paused) {
  {
    std::lock_guard lock(active_mutex_);
    paused_ = paused;
  }
  update_active();
}

void CameraPipeline::set_demand(bool wanted, int readers) {
  stats_.set_readers(readers);
  {
    std::lock_guard lock(active_mutex_);
    wanted_ = wanted;
    readers_ = readers;
  }
  update_active();
}

void CameraPipeline::update_active() {
  int readers = 0;
  bool want = false;
  {
    std::lock_guard lock(active_mutex_);
    want = wanted_ && !paused_;
    if (want == active_) return;
    active_ = want;
    readers = readers_;
  }
  stats_.set_idle(!want);
  if (want) {
    if (readers > 0) {
      spdlog::info("{} program(s) reading the virtual camera: resuming", readers);
    } else {
      spdlog::info("resuming");
    }
  } else {
    captured_.clear();
    composed_.clear();
  }
  active_changed_.notify_all();
}

void CameraPipeline::wake_idle() {
  { std::lock_guard lock(active_mutex_); }  // a waiter is either before its check or waiting
  active_changed_.notify_all();
}

StatsSnapshot CameraPipeline::snapshot() const {
  StatsSnapshot s = stats_.snapshot(now_s());
  s.mask_reuse = masks_->reuse_ratio();
  return s;
}

CameraPipeline::~CameraPipeline() {
  stop();
  for (auto& t : threads_) {
    if (t.joinable()) t.join();
  }
}

double CameraPipeline::now_s() const { return std::chrono::duration<double>(Clock::now() - started_).count(); }

void CameraPipeline::stop() {
  stopping_ = true;
  if (masks_) masks_->stop();
  captured_.close();
  composed_.close();
  wake_idle();
}

void CameraPipeline::request_reload() { reload_requested_ = true; }

void CameraPipeline::fail_with(std::exception_ptr error) {
  {
    std::lock_guard lock(error_mutex_);
    if (!error_) error_ = error;
  }
  stop();
}

void CameraPipeline::run() {
  if (stopping_) return;  // stopped before it ran (a quit while starting up)
  threads_.emplace_back([this] { capture_loop(); });
  threads_.emplace_back([this] { process_loop(); });
  try {
    output_loop();
  } catch (...) {
    fail_with(std::current_exception());
  }
  stop();
  for (auto& t : threads_) t.join();
  threads_.clear();
  if (error_) std::rethrow_exception(error_);
}

void CameraPipeline::capture_loop() {
  name_this_thread("capture");
  try {
    capture::SupervisedSource source(std::move(parts_.open_source), std::move(parts_.first_source));
    auto show_state = [&] {
      stats_.set_webcam_open(source.is_open());
      stats_.set_input_state(source.lost() ? "lost" : "");
    };
    source.on_change(show_state);
    show_state();
    std::uint64_t sequence = 0;
    Clock::time_point last_forwarded{};
    const auto min_interval =
        options_.max_fps > 0
            ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options_.max_fps))
            : Clock::duration::zero();
    while (!stopping_) {
      if (!active()) {
        source.release();
        std::unique_lock lock(active_mutex_);
        active_changed_.wait(lock, [this] { return active_ || stopping_; });
        continue;
      }
      Frame frame;
      const auto t0 = Clock::now();
      // --max-fps: a frame that comes sooner than its period after the last
      // one processed is consumed undecoded (the output repeats the last
      // composite); a little slack keeps a camera that runs at exactly that
      // rate from losing every other frame to jitter.
      const bool decode = min_interval == Clock::duration::zero() || t0 - last_forwarded >= min_interval * 9 / 10;
      const auto read = source.next(frame, decode, 500ms);
      if (read == capture::SupervisedSource::Read::skipped) stats_.frame_skipped();
      if (read != capture::SupervisedSource::Read::frame) continue;
      last_forwarded = t0;
      stats_.add_stage(Stage::capture, ms_between(t0, Clock::now()));
      if (!frame.yuv.empty()) {
        flip_yuv(frame.yuv, options_.hflip, options_.vflip);
      } else if (options_.hflip || options_.vflip) {
        const int code = options_.hflip && options_.vflip ? -1 : options_.hflip ? 1 : 0;
        cv::flip(frame.image, frame.image, code);
      }
      frame.sequence = ++sequence;
      if (captured_.put(std::move(frame))) stats_.frame_dropped();
    }
  } catch (...) {
    fail_with(std::current_exception());
  }
}

void CameraPipeline::process_loop() {
  name_this_thread("compose");
  try {
    cv::Mat resized;
    while (!stopping_) {
      std::optional<Frame> frame = captured_.take_until(Clock::now() + 200ms);
      if (!frame || stopping_) continue;
      process_frame(*frame, resized);
    }
  } catch (...) {
    fail_with(std::current_exception());
  }
}

void CameraPipeline::process_frame(Frame& frame, cv::Mat& resized) {
  {
    std::lock_guard lock(compositor_mutex_);
    if (next_compositor_) parts_.compositor = std::move(next_compositor_);
  }
  // The compositor re-reads its files on its own thread and logs the outcome.
  if (reload_requested_.exchange(false)) parts_.compositor->reload();
  // Framing crops from the full capture: the model sees the whole view (to
  // find the person wherever they go), the compositor the crop.
  const bool framing = framer_.active();
  if (!frame.yuv.empty()) {
    // The frame stays in YUV from capture to output when every stage can
    // take it; otherwise it becomes BGR here, once.
    if (parts_.compositor->supports_yuv()) {
      process_yuv_frame(frame, framing);
      return;
    }
    yuv_to_bgr(frame.yuv, frame.image);
    frame.yuv = YuvImage();
  }
  cv::Mat image = frame.image;
  if (!framing && image.size() != options_.size) {
    cv::resize(image, resized, options_.size, 0, 0, cv::INTER_AREA);
    image = resized.clone();  // the mask worker keeps its own reference
  }
  cv::Mat mask;
  if (parts_.compositor->needs_mask() || framing) {
    mask = segment_frame(Frame{image, frame.captured, frame.sequence, {}});
    if (mask.empty()) return;
  }
  const auto t0 = Clock::now();  // the compose stage includes the framing crop
  if (framing) frame_person(frame, image, mask);
  Frame out{cv::Mat(), frame.captured, frame.sequence, {}};
  parts_.compositor->compose(image, mask, out.image);
  stats_.add_stage(Stage::compose, ms_between(t0, Clock::now()));
  if (composed_.put(std::move(out))) stats_.frame_dropped();
}

cv::Mat CameraPipeline::segment_frame(const Frame& frame) {
  masks_->submit(frame);
  // This frame's own mask if it comes in time; otherwise the newest one,
  // so a slow model costs edge accuracy, never output frames.
  const auto period = std::chrono::duration<double>(1.0 / options_.fps);
  const bool first = !have_mask_;
  const auto deadline = Clock::now() + (first ? Clock::duration(std::chrono::seconds(5))
                                              : std::chrono::duration_cast<Clock::duration>(period / 2));
  MaskResult result = masks_->mask_for(frame.sequence, deadline);
  if (!result.mask.empty()) have_mask_ = true;
  return result.mask;
}

void CameraPipeline::process_yuv_frame(Frame& frame, bool framing) {
  if (!framing && frame.yuv.size() != options_.size) {
    YuvImage scaled;
    scale_yuv(frame.yuv, options_.size, scaled);
    frame.yuv = std::move(scaled);
  }
  cv::Mat mask;
  if (parts_.compositor->needs_mask() || framing) {
    // The model's input is made here, before the frame is composed in
    // place; the mask worker gets its own small image.
    cv::Mat model_input;
    model_input_.make(frame.yuv, masks_->input_size(), model_input);
    mask = segment_frame(Frame{model_input, frame.captured, frame.sequence, {}});
    if (mask.empty()) return;
  }
  const auto t0 = Clock::now();  // the compose stage includes the framing crop
  if (framing) {
    // A new image each frame: the last one may still be with the output
    // thread. A crop of the output's size is composed where it lies in the
    // capture into it (no copy); a scaled crop is scaled into it, and the
    // compositor then composes it in place (the view is of `composed`).
    cv::Mat cropped_mask;
    YuvImage composed;
    const YuvView crop = compose::framing::Framer::crop(frame.yuv, mask, crop_for(frame, mask, frame.yuv.size()),
                                                        options_.size, composed, cropped_mask);
    parts_.compositor->compose(crop, cropped_mask, composed);
    frame.yuv = std::move(composed);
  } else {
    parts_.compositor->compose(frame.yuv, mask);
  }
  stats_.add_stage(Stage::compose, ms_between(t0, Clock::now()));
  Frame out;
  out.yuv = std::move(frame.yuv);
  out.captured = frame.captured;
  out.sequence = frame.sequence;
  if (composed_.put(std::move(out))) stats_.frame_dropped();
}

cv::Rect CameraPipeline::crop_for(const Frame& frame, const cv::Mat& mask, cv::Size size) {
  // The frame's capture time, not the clock now: the follow's speed is the
  // video's, however late this thread runs.
  const double t = std::chrono::duration<double>(frame.captured.time_since_epoch()).count();
  return framer_.update(mask, size, t);
}

void CameraPipeline::frame_person(const Frame& frame, cv::Mat& image, cv::Mat& mask) {
  cv::Mat cropped_mask;
  compose::framing::Framer::crop(image, mask, crop_for(frame, mask, image.size()), options_.size, cropped_,
                                 cropped_mask);
  image = cropped_;
  mask = cropped_mask;
}

void CameraPipeline::write_to_sinks(const Frame& frame, Clock::time_point captured) {
  const auto t0 = Clock::now();
  for (auto& sink : parts_.sinks) {
    if (frame.yuv.empty()) {
      sink->write(frame.image);
    } else {
      sink->write_yuv(frame.yuv);
    }
  }
  const auto t1 = Clock::now();
  stats_.add_stage(Stage::output, ms_between(t0, t1));
  if (captured != Clock::time_point{}) stats_.add_latency(ms_between(captured, t1));
  stats_.frame_written(now_s());
}

void CameraPipeline::output_loop() {
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options_.fps));
  // Black in YUV: every sink takes it (a BGR one converts). Made when the
  // output is idle or waits for its first frame, and let go while frames
  // flow (a frame's memory, 1.4 MB at 720p).
  std::optional<Frame> black_frame;
  const auto black = [&]() -> const Frame& {
    if (!black_frame) {
      black_frame.emplace();
      black_frame->yuv.create(options_.size);
      black_frame->yuv.fill(16, 128, 128);
    }
    return *black_frame;
  };
  Frame last;
  bool last_was_repeat = false;
  long long written = 0;
  Clock::time_point last_write{};

  auto write = [&](const Frame& frame, Clock::time_point captured) {
    try {
      write_to_sinks(frame, captured);
    } catch (const output::ConsumerClosed& e) {
      spdlog::info("{}: stopping", e.what());
      stop();
      return;
    }
    last_write = Clock::now();
    ++written;
    if (options_.max_frames > 0 && written >= options_.max_frames) stop();
  };

  bool have_frame = options_.black_until_first_frame;
  if (have_frame) {
    last = black();
    write(last, {});
  }
  while (!stopping_) {
    const auto now = Clock::now();
    if (!active()) {
      // Idle: a black frame a second, so that a program probing the device
      // sees it alive.
      last = black();
      if (have_frame && now - last_write >= kIdleFrameInterval) write(last, {});
      const auto next = have_frame ? last_write + kIdleFrameInterval : now + kIdleFrameInterval;
      std::unique_lock lock(active_mutex_);
      active_changed_.wait_until(lock, next, [this] { return active_ || stopping_; });
      continue;
    }
    // A new frame goes out at once; without one, the last frame is repeated
    // at the output rate so that readers never stall.
    const auto repeat_at = last_write + (last_was_repeat ? period : period * 3 / 2);
    std::optional<Frame> frame = composed_.take_until(std::min(repeat_at, now + 100ms));
    if (stopping_) break;
    if (frame) {
      const auto earliest = last_write + period / 2;  // never faster than twice the rate
      if (Clock::now() < earliest) std::this_thread::sleep_until(earliest);
      last = std::move(*frame);
      black_frame.reset();
      last_was_repeat = false;
      have_frame = true;
      write(last, last.captured);
    } else if (have_frame && Clock::now() >= repeat_at) {
      last_was_repeat = true;
      write(last, {});
    }
  }
}

}  // namespace fakecam::app
