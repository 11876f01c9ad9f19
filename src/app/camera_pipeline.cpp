#include "app/camera_pipeline.hpp"

#include <opencv2/imgproc.hpp>

#include "common/log.hpp"
#include "output/consumer_watch.hpp"

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
// How often the webcam is retried after it disappeared.
constexpr auto kReopenInterval = 1s;
// An input that delivers nothing for this long is treated as lost and
// reopened: a USB camera can wedge without an error, and a v4l2loopback
// "webcam" whose producer died just stops.
constexpr auto kStallTimeout = 5s;
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

void CameraPipeline::set_paused(bool paused) { paused_ = paused; }

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

double CameraPipeline::now_s() const {
  return std::chrono::duration<double>(Clock::now() - started_).count();
}

void CameraPipeline::stop() {
  stopping_ = true;
  if (masks_) masks_->stop();
  captured_.close();
  composed_.close();
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
  try {
    std::unique_ptr<capture::FrameSource> source = std::move(parts_.first_source);
    stats_.set_webcam_open(source != nullptr);
    Clock::time_point last_attempt{};
    Clock::time_point last_frame_at = Clock::now();
    bool lost = options_.input_absent;
    if (lost) stats_.set_input_state("lost");
    std::uint64_t sequence = 0;
    Clock::time_point last_forwarded{};
    const auto min_interval = options_.max_fps > 0
                                  ? std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options_.max_fps))
                                  : Clock::duration::zero();
    while (!stopping_) {
      if (!active()) {
        if (source) {
          source.reset();
          stats_.set_webcam_open(false);
          spdlog::info("no reader of the virtual camera that fakecam can see: input released, idling");
        }
        std::this_thread::sleep_for(50ms);
        continue;
      }
      if (!source) {
        const auto now = Clock::now();
        if (now - last_attempt < kReopenInterval) {
          std::this_thread::sleep_for(50ms);
          continue;
        }
        last_attempt = now;
        try {
          source = parts_.open_source();
          stats_.set_webcam_open(true);
          stats_.set_input_state("");
          spdlog::info("{}: {}", lost ? "input is back" : "input opened", source->description());
          lost = false;
        } catch (const Error& e) {
          if (!lost) spdlog::warn("{}; retrying every second", e.what());
          lost = true;
          stats_.set_input_state("lost");
          continue;
        }
      }
      try {
        Frame frame;
        const auto t0 = Clock::now();
        if (last_frame_at < last_attempt) last_frame_at = t0;  // a fresh source gets the full time
        // --max-fps: a frame that comes sooner than its period after the last
        // one processed is consumed undecoded (the output repeats the last
        // composite); a little slack keeps a camera that runs at exactly that
        // rate from losing every other frame to jitter.
        if (min_interval > Clock::duration::zero() && t0 - last_forwarded < min_interval * 9 / 10) {
          if (source->skip(500ms)) {
            last_frame_at = Clock::now();
            stats_.frame_skipped();
          } else if (Clock::now() - last_frame_at > kStallTimeout) {
            throw capture::DeviceLost(fmt::format("{}: no frames for {} s", source->description(),
                                                  std::chrono::duration_cast<std::chrono::seconds>(kStallTimeout).count()));
          }
          continue;
        }
        if (!source->read(frame, 500ms)) {
          if (Clock::now() - last_frame_at > kStallTimeout) {
            throw capture::DeviceLost(fmt::format("{}: no frames for {} s", source->description(),
                                                  std::chrono::duration_cast<std::chrono::seconds>(kStallTimeout).count()));
          }
          continue;
        }
        last_frame_at = Clock::now();
        last_forwarded = t0;
        stats_.add_stage(Stage::capture, ms_between(t0, Clock::now()));
        if (options_.hflip || options_.vflip) {
          const int code = options_.hflip && options_.vflip ? -1 : options_.hflip ? 1 : 0;
          cv::flip(frame.image, frame.image, code);
        }
        frame.sequence = ++sequence;
        if (captured_.put(std::move(frame))) stats_.frame_dropped();
      } catch (const Error& e) {
        // DeviceLost and any other failure of a running input: the output
        // keeps its pace with the last frame while we try to reopen.
        spdlog::warn("{}; keeping the virtual camera alive and retrying", e.what());
        source.reset();
        stats_.set_webcam_open(false);
        stats_.set_input_state("lost");
        lost = true;
        last_attempt = Clock::now();
      }
    }
  } catch (...) {
    fail_with(std::current_exception());
  }
}

void CameraPipeline::process_loop() {
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
  cv::Mat image = frame.image;
  if (!framing && image.size() != options_.size) {
    cv::resize(image, resized, options_.size, 0, 0, cv::INTER_AREA);
    image = resized.clone();  // the mask worker keeps its own reference
  }
  cv::Mat mask;
  if (parts_.compositor->needs_mask() || framing) {
    masks_->submit(Frame{image, frame.captured, frame.sequence});
    // This frame's own mask if it comes in time; otherwise the newest one,
    // so a slow model costs edge accuracy, never output frames.
    const auto period = std::chrono::duration<double>(1.0 / options_.fps);
    const bool first = !have_mask_;
    const auto deadline = Clock::now() + (first ? Clock::duration(std::chrono::seconds(5))
                                                : std::chrono::duration_cast<Clock::duration>(period / 2));
    MaskResult result = masks_->mask_for(frame.sequence, deadline);
    if (result.mask.empty()) return;
    have_mask_ = true;
    mask = result.mask;
  }
  const auto t0 = Clock::now();  // the compose stage includes the framing crop
  if (framing) frame_person(frame, image, mask);
  Frame out{cv::Mat(), frame.captured, frame.sequence};
  parts_.compositor->compose(image, mask, out.image);
  stats_.add_stage(Stage::compose, ms_between(t0, Clock::now()));
  if (composed_.put(std::move(out))) stats_.frame_dropped();
}

void CameraPipeline::frame_person(const Frame& frame, cv::Mat& image, cv::Mat& mask) {
  // The frame's capture time, not the clock now: the follow's speed is the
  // video's, however late this thread runs.
  const double t = std::chrono::duration<double>(frame.captured.time_since_epoch()).count();
  const cv::Rect crop = framer_.update(mask, image.size(), t);
  cv::Mat cropped, cropped_mask;
  compose::framing::Framer::crop(image, mask, crop, options_.size, cropped, cropped_mask);
  image = cropped;
  mask = cropped_mask;
}

void CameraPipeline::write_to_sinks(const cv::Mat& image, Clock::time_point captured) {
  const auto t0 = Clock::now();
  for (auto& sink : parts_.sinks) sink->write(image);
  const auto t1 = Clock::now();
  stats_.add_stage(Stage::output, ms_between(t0, t1));
  if (captured != Clock::time_point{}) stats_.add_latency(ms_between(captured, t1));
  stats_.frame_written(now_s());
}

void CameraPipeline::output_loop() {
  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / options_.fps));
  const cv::Mat black(options_.size, CV_8UC3, cv::Scalar::all(0));
  cv::Mat last = black;
  bool last_was_repeat = false;
  long long written = 0;
  Clock::time_point last_write{};
  Clock::time_point last_reader_check{};
  Clock::time_point reader_since{};  // when the current run of readers began; {} = none
  output::ConsumerDemand demand(options_.idle_grace);
  demand.update(1, Clock::now());  // started with the input open

  auto write = [&](const cv::Mat& image, Clock::time_point captured) {
    try {
      write_to_sinks(image, captured);
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
  if (have_frame) write(black, {});
  while (!stopping_) {
    const auto now = Clock::now();
    if ((options_.on_demand || paused_ || !active()) && now - last_reader_check >= 50ms) {
      last_reader_check = now;
      const int readers = parts_.count_readers ? parts_.count_readers() : -1;
      stats_.set_readers(readers);
      // Settled readers only: a reader that came and went within
      // reader_settle never wakes the input.
      if (readers == 0) {
        reader_since = Clock::time_point{};
      } else if (reader_since == Clock::time_point{}) {
        reader_since = now;
      }
      const bool settled = readers < 0 || (reader_since != Clock::time_point{} && now - reader_since >= options_.reader_settle);
      const bool want = demand.update(settled ? 1 : 0, now) && !paused_;
      if (want != active()) {
        active_ = want;
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
          last = black;
        }
      }
    }
    if (!active()) {
      if (have_frame && now - last_write >= kIdleFrameInterval) write(black, {});
      std::this_thread::sleep_for(20ms);
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
      last = frame->image;
      last_was_repeat = false;
      have_frame = true;
      write(last, frame->captured);
    } else if (have_frame && Clock::now() >= repeat_at) {
      last_was_repeat = true;
      write(last, {});
    }
  }
}

}  // namespace fakecam::app
