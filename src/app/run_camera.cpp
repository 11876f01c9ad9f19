#include "app/run_camera.hpp"

#include "app/assets.hpp"
#include "app/camera_pipeline.hpp"
#include "app/compose_options.hpp"
#include "app/control/control_commands.hpp"
#include "app/control/control_socket.hpp"
#include "app/preflight.hpp"
#include "app/signal_watcher.hpp"
#include "app/status_line.hpp"
#include "capture/frame_source.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "compose/colour.hpp"
#include "compose/compositor.hpp"
#include "output/consumer_watch.hpp"
#include "output/frame_sink.hpp"
#include "segment/model_catalog.hpp"

namespace fakecam::app {

namespace {

std::function<std::unique_ptr<capture::FrameSource>()> source_opener(const Settings& s) {
  if (!s.input.empty()) {
    capture::FileSourceOptions options;
    if (s.size_given) options.size = cv::Size(s.width, s.height);
    options.fps = s.fps;
    return [path = s.input, options] { return capture::open_file_source(path, options); };
  }
  capture::WebcamOptions options;
  options.path = s.webcam_path;
  options.size = cv::Size(s.width, s.height);
  options.fps = s.fps;
  if (s.codec != "auto") options.format = capture::parse_pixel_format(s.codec);  // CLI-checked: MJPG or YUYV
  return [options] { return capture::open_webcam(options); };
}

compose::ComposeSettings compose_settings(const Settings& s) { return make_compose_settings(s); }

std::vector<std::unique_ptr<output::FrameSink>> open_sinks(const Settings& s, cv::Size size) {
  std::vector<std::unique_ptr<output::FrameSink>> sinks;
  const int fps = s.fps;
  if (!s.output.empty()) {
    sinks.push_back(output::open_y4m(s.output, size.width, size.height, fps));
  } else if (s.v4l2loopback_path == "-") {
    sinks.push_back(output::open_y4m("-", size.width, size.height, fps));
  } else if (s.akvcam) {
    sinks.push_back(output::open_akvcam(s.v4l2loopback_path, size.width, size.height, fps));
  } else {
    sinks.push_back(output::open_v4l2loopback(s.v4l2loopback_path, size.width, size.height, fps,
                                              output::parse_pixel_format(s.pixel_format)));
  }
  return sinks;
}

bool is_virtual_camera(const Settings& s) { return s.output.empty() && s.v4l2loopback_path != "-"; }

// `fakecam ctl` requests, applied to the running pipeline.
class PipelineControl final : public ControlTarget {
 public:
  explicit PipelineControl(CameraPipeline& pipeline) : pipeline_(pipeline) {}
  compose::ComposeSettings compose_settings() const override { return pipeline_.compose_settings(); }
  void apply_compose_settings(const compose::ComposeSettings& settings) override {
    // Built here, on the control thread: a slow image load never stalls a frame.
    pipeline_.replace_compositor(std::make_unique<compose::Compositor>(settings));
    spdlog::info("fakecam ctl: new background/effect settings applied");
  }
  void set_paused(bool paused) override {
    pipeline_.set_paused(paused);
    spdlog::info("fakecam ctl: {}", paused ? "paused" : "resumed");
  }
  void reload() override { pipeline_.request_reload(); }
  std::string status() const override { return format_status_report(pipeline_.snapshot()); }

 private:
  CameraPipeline& pipeline_;
};

}  // namespace

int check_camera(const Settings& s) {
  int errors = 0;
  cv::Size size(s.width, s.height);
  auto check = [&errors](const char* what, const std::function<std::string()>& test) {
    try {
      fmt::print("ok: {}: {}\n", what, test());
    } catch (const Error& e) {
      fmt::print("error: {}\n", e.what());
      ++errors;
    }
  };
  check("input", [&] {
    try {
      auto source = source_opener(s)();
      size = source->size();
      return source->description();
    } catch (const Error& e) {
      if (!s.input.empty()) throw;
      throw Error(fmt::format("{}; webcams here: {}", e.what(), webcam_candidates()));
    }
  });
  const std::string model = segment::choose_model(s.model, size.width, size.height);
  check("model", [&] {
    const auto segmenter = segment::Segmenter::open(model, s.threads);
    return fmt::format("{} ({}x{} input)", model, segmenter.input_size().width, segmenter.input_size().height);
  });
  check("background and effects", [&] {
    const compose::ComposeSettings c = compose_settings(s);
    compose::Compositor compositor(c);
    return c.image_path.empty() ? std::string("files readable") : c.image_path.string() + " readable";
  });
  if (is_virtual_camera(s) && !s.akvcam) {
    for (const auto& w : loopback_warnings(s.v4l2loopback_path)) fmt::print("warning: {}\n", w);
  }
  check("output", [&] {
    auto sinks = open_sinks(s, size);
    return sinks.front()->description();
  });
  fmt::print("{}\n", errors == 0 ? "all checks passed" : fmt::format("{} check(s) failed", errors));
  return errors == 0 ? 0 : 1;
}

void run_camera(const Settings& s) {
  // Signals first: every thread made later inherits the blocked mask.
  CameraPipeline* running = nullptr;
  std::mutex running_mutex;
  bool quit_early = false;
  SignalWatcher signals(
      [&] {
        std::lock_guard lock(running_mutex);
        if (running != nullptr) running->request_reload();
      },
      [&] {
        std::lock_guard lock(running_mutex);
        quit_early = true;
        if (running != nullptr) running->stop();
      });

  auto open_source = source_opener(s);
  // Opened once up front: a wrong device or file is reported now, with exit
  // code 1, instead of being retried forever.
  std::unique_ptr<capture::FrameSource> source;
  try {
    source = open_source();
  } catch (const capture::DeviceLost&) {
    throw;
  } catch (const Error& e) {
    if (!s.input.empty()) throw;
    throw Error(fmt::format("{}; webcams here: {}", e.what(), webcam_candidates()));
  }
  const cv::Size size = source->size();
  spdlog::info("input: {}", source->description());

  PipelineParts parts;
  parts.compositor = std::make_unique<compose::Compositor>(compose_settings(s));
  const std::string model = segment::choose_model(s.model, size.width, size.height);
  parts.segmenter = std::make_unique<segment::Segmenter>(segment::Segmenter::open(model, s.threads));
  spdlog::info("model: {} ({}x{} input), {} thread(s)", model, parts.segmenter->input_size().width,
               parts.segmenter->input_size().height, s.threads);
  if (is_virtual_camera(s) && !s.akvcam) {
    for (const auto& w : loopback_warnings(s.v4l2loopback_path)) spdlog::warn("{}", w);
  }
  parts.sinks = open_sinks(s, size);
  for (const auto& sink : parts.sinks) spdlog::info("output: {}", sink->description());

  PipelineOptions options;
  options.size = size;
  options.fps = s.fps;
  options.hflip = s.hflip;
  options.vflip = s.vflip;
  options.max_frames = s.frames;
  options.on_demand = !s.no_ondemand && is_virtual_camera(s);
  options.black_until_first_frame = is_virtual_camera(s);
  options.max_fps = s.max_fps;
  options.motion_gate.threshold_levels = s.motion_threshold;
  if (options.on_demand) {
    auto watch = std::make_shared<output::InotifyConsumerWatch>(s.v4l2loopback_path);
    parts.count_readers = [watch] { return watch->readers(); };
  }
  parts.open_source = std::move(open_source);
  parts.first_source = std::move(source);

  CameraPipeline pipeline(std::move(options), std::move(parts));
  {
    std::lock_guard lock(running_mutex);
    if (quit_early) return;
    running = &pipeline;
  }
  PipelineControl control(pipeline);
  const auto socket_path = !s.control_socket.empty() ? std::filesystem::path(s.control_socket)
                           : control_socket_for(!s.output.empty() ? s.output : s.v4l2loopback_path);
  // Remote control is a convenience: without it the camera still runs.
  std::unique_ptr<ControlServer> control_server;
  try {
    control_server = std::make_unique<ControlServer>(
        socket_path, [&control](const std::string& request) { return handle_control_request(request, control); });
    spdlog::info("control: fakecam ctl --socket {}", socket_path.string());
  } catch (const Error& e) {
    spdlog::warn("{}; `fakecam ctl` will not reach this fakecam", e.what());
  }
  std::unique_ptr<StatusLine> status;
  if (s.status && StatusLine::terminal_attached()) {
    status = std::make_unique<StatusLine>([&pipeline] { return format_status(pipeline.snapshot()); });
  }
  spdlog::info("running: Ctrl-C reloads the images, Ctrl-\\ quits");
  try {
    pipeline.run();
  } catch (...) {
    std::lock_guard lock(running_mutex);
    running = nullptr;
    throw;
  }
  std::lock_guard lock(running_mutex);
  running = nullptr;
}

}  // namespace fakecam::app
