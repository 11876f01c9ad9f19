// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/run_camera.hpp"

#include <fcntl.h>
#include <sys/stat.h>

#include "app/assets.hpp"
#include "app/camera_pipeline.hpp"
#include "app/camera_session.hpp"
#include "app/cli.hpp"
#include "app/compose_options.hpp"
#include "app/framing_capture.hpp"
#include "app/preflight.hpp"
#include "app/preview/preview_publisher.hpp"
#include "app/status_line.hpp"
#include "app/webcam_request.hpp"
#include "capture/frame_source.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "common/unique_fd.hpp"
#include "compose/colour.hpp"
#include "compose/compositor.hpp"
#include "output/akvcam_readers.hpp"
#include "output/client_usage_watch.hpp"
#include "output/consumer_watch.hpp"
#include "output/default_loopback.hpp"
#include "output/frame_sink.hpp"
#include "output/pipewire/pipewire_sink.hpp"
#include "segment/model_catalog.hpp"
#include "v4l2/caps.hpp"
#include "v4l2/node.hpp"

namespace fakecam::app {

namespace {

std::function<std::unique_ptr<capture::FrameSource>()> source_opener(const Settings& s) {
  if (!s.input.empty()) {
    capture::FileSourceOptions options;
    options.size = cv::Size(s.width_given ? s.width : 0, s.height_given ? s.height : 0);
    if (s.framing == "auto") options.size = cv::Size();  // framing crops from the file's full size
    options.fps = s.fps;
    options.yuv = true;  // the YUV path (issue 12); see webcam_request()
    return [path = s.input, options] { return capture::open_file_source(path, options); };
  }
  return [options = webcam_request(s)] { return capture::open_webcam(options); };
}

compose::ComposeSettings compose_settings(const Settings& s) { return make_compose_settings(s); }

// A y4m stream (--output or -v -) takes every frame; a virtual camera is
// read on demand.
bool is_virtual_camera(const Settings& s) { return s.output.empty() && s.v4l2loopback_path != "-"; }
// A v4l2loopback or akvcam device is written (not only a PipeWire camera).
bool uses_device(const Settings& s) { return is_virtual_camera(s) && !pipewire_only(s); }

// No -v: a v4l2loopback device is picked at start-up (default_loopback.hpp).
// Returns whether one was; throws Error when none can be.
bool choose_output_device(Settings& s) {
  if (!s.v4l2loopback_path.empty() || !s.output.empty()) return false;
  if (s.akvcam) {
    fail("--akvcam needs the akvcam output device as -v; akvcam devices here: {}",
         v4l2::describe_nodes(v4l2::list_video_nodes(), v4l2::kAkvcamDriver));
  }
  s.v4l2loopback_path = output::default_loopback_device();
  return true;
}

// Whether two paths name one device node (std::filesystem::equivalent
// refuses device files: they are "other" files to it).
bool same_file(const std::string& a, const std::string& b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  if (S_ISCHR(sa.st_mode) && S_ISCHR(sb.st_mode)) return sa.st_rdev == sb.st_rdev;
  return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

// Whether `path` takes frames now (a v4l2loopback or akvcam output device).
// The real webcam given as -v does not, and opening the sink then says so
// precisely ("is a capture device (the real webcam?)").
bool takes_frames(const std::string& path) {
  const UniqueFd fd(::open(path.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC));
  if (!fd) return false;
  const auto caps = v4l2::query_caps(fd.get());
  return caps && caps->video_output();
}

// The y4m stream or the V4L2 virtual camera; nullptr with only PipeWire.
std::unique_ptr<output::FrameSink> open_main_sink(const Settings& s, cv::Size size) {
  const int fps = s.fps;
  if (!s.output.empty()) return output::open_y4m(s.output, size.width, size.height, fps);
  if (s.v4l2loopback_path == "-") return output::open_y4m("-", size.width, size.height, fps);
  if (pipewire_only(s)) return nullptr;
  if (s.akvcam) return output::open_akvcam(s.v4l2loopback_path, size.width, size.height, fps);
  return output::open_v4l2loopback(s.v4l2loopback_path, size.width, size.height, fps,
                                   output::parse_output_format(s.pixel_format));
}

std::unique_ptr<output::PipeWireSink> open_pipewire_sink(const Settings& s, cv::Size size) {
  output::PipeWireOptions options;
  options.width = size.width;
  options.height = size.height;
  options.fps = s.fps;
  options.name = s.pipewire_name;
  options.description = s.pipewire_name;
  return output::open_pipewire(options);
}

// Every output, and who reads the virtual cameras among them.
struct Outputs {
  std::vector<std::unique_ptr<output::FrameSink>> sinks;
  // Borrowed from `sinks` (the PipeWire sink is its own consumer watch) or
  // owned here (the loopback device's).
  std::vector<output::ConsumerWatch*> watches;
  std::vector<std::shared_ptr<output::ConsumerWatch>> owned_watches;
};

Outputs open_outputs(const Settings& s, cv::Size size, bool watch_consumers) {
  Outputs outputs;
  if (auto sink = open_main_sink(s, size)) outputs.sinks.push_back(std::move(sink));
  if (watch_consumers && uses_device(s) && s.akvcam) {
    // Readers open akvcam's capture devices, never the output fakecam writes.
    for (const auto& capture : output::akvcam_capture_devices(s.v4l2loopback_path)) {
      spdlog::info("{}: readers counted by watching opens of its capture device {}", s.v4l2loopback_path, capture);
      outputs.owned_watches.push_back(std::make_shared<output::InotifyConsumerWatch>(capture));
      outputs.watches.push_back(outputs.owned_watches.back().get());
    }
  } else if (watch_consumers && uses_device(s)) {
    // The driver's client-usage event (v4l2loopback >= 0.13), else inotify.
    outputs.owned_watches.push_back(output::watch_loopback_readers(s.v4l2loopback_path));
    outputs.watches.push_back(outputs.owned_watches.back().get());
  }
  if (s.pipewire) {
    auto sink = open_pipewire_sink(s, size);
    if (watch_consumers) outputs.watches.push_back(sink.get());
    outputs.sinks.push_back(std::move(sink));
  }
  return outputs;
}

}  // namespace

int check_camera(const Settings& settings) {
  int errors = 0;
  Settings s = settings;
  try {
    if (choose_output_device(s)) fmt::print("ok: virtual camera: no -v given, using {}\n", s.v4l2loopback_path);
  } catch (const Error& e) {
    fmt::print("error: {}\n1 check(s) failed\n", e.what());
    return 1;
  }
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
  if (uses_device(s) && !s.akvcam) {
    for (const auto& w : loopback_warnings(s.v4l2loopback_path)) fmt::print("warning: {}\n", w);
  }
  if (!s.output.empty() || !pipewire_only(s)) {  // a y4m file or a V4L2 device
    check("output", [&] { return open_main_sink(s, size)->description(); });
  }
  if (s.pipewire) {
    // Publishes the node for a moment: the daemon is reachable and accepts it.
    check("PipeWire camera", [&] { return open_pipewire_sink(s, size)->description() + ": daemon reachable"; });
  }
  fmt::print("{}\n", errors == 0 ? "all checks passed" : fmt::format("{} check(s) failed", errors));
  return errors == 0 ? 0 : 1;
}

void run_camera(const Settings& settings) {
  Settings s = settings;
  if (choose_output_device(s)) spdlog::info("no -v given: writing to {}", s.v4l2loopback_path);
  if (s.input.empty() && uses_device(s) && same_file(s.webcam_path, s.v4l2loopback_path) &&
      takes_frames(s.v4l2loopback_path)) {
    fail("-w {} is the virtual camera fakecam writes to (-v {}); pass the real webcam with -w; webcams here: {}",
         s.webcam_path, s.v4l2loopback_path, webcam_candidates());
  }
  // Signals first: every thread made later inherits the blocked mask.
  CameraSession session;

  auto open_source = source_opener(s);
  // Opened once up front: a wrong device or file is reported now, with exit
  // code 1, instead of being retried forever.
  // A webcam that is not there yet (late USB enumeration, a phone app not
  // started) is waited for by a virtual camera, as after an unplug; the
  // output meanwhile has the size asked for. A y4m stream or file (scripts,
  // recordings) fails instead of hanging.
  std::unique_ptr<capture::FrameSource> source;
  try {
    source = open_source();
  } catch (const capture::DeviceAbsent& e) {
    if (!is_virtual_camera(s)) throw Error(fmt::format("{}; webcams here: {}", e.what(), webcam_candidates()));
    spdlog::warn(
        "{}; waiting for it (tried every second while the virtual camera has a reader, always with "
        "--no-ondemand)",
        e.what());
  } catch (const capture::DeviceLost&) {
    throw;
  } catch (const Error& e) {
    if (!s.input.empty()) throw;
    throw Error(fmt::format("{}; webcams here: {}", e.what(), webcam_candidates()));
  }
  cv::Size size = source ? source->size() : cv::Size(s.width, s.height);
  if (source) spdlog::info("input: {}", source->description());
  if (s.framing == "auto" && source) {
    // The output keeps the size asked for; the capture may be larger.
    const cv::Size capture = size;
    size = s.input.empty() ? framed_output_size(capture, cv::Size(s.width, s.height))
                           : capture::file_output_size(
                                 cv::Size(s.width_given ? s.width : 0, s.height_given ? s.height : 0), capture);
    spdlog::info("{}", framing_capture_note(capture, size));
  }

  PipelineParts parts;
  parts.compositor = std::make_unique<compose::Compositor>(compose_settings(s));
  const std::string model = segment::choose_model(s.model, size.width, size.height);
  parts.segmenter = std::make_unique<segment::Segmenter>(segment::Segmenter::open(model, s.threads));
  spdlog::info("model: {} ({}x{} input), {} thread(s)", model, parts.segmenter->input_size().width,
               parts.segmenter->input_size().height, parts.segmenter->threads());
  if (uses_device(s) && !s.akvcam) {
    for (const auto& w : loopback_warnings(s.v4l2loopback_path)) spdlog::warn("{}", w);
  }
  const bool on_demand = !s.no_ondemand && is_virtual_camera(s);
  Outputs outputs = open_outputs(s, size, on_demand);
  parts.sinks = std::move(outputs.sinks);
  for (const auto& sink : parts.sinks) spdlog::info("output: {}", sink->description());
  // `fakecam preview` windows see what the outputs get; owned by the
  // pipeline like them, it outlives the control server that attaches them.
  auto preview_sink = std::make_unique<preview::PreviewPublisher>(size);
  preview::PreviewPublisher& preview_publisher = *preview_sink;
  parts.sinks.push_back(std::move(preview_sink));

  PipelineOptions options;
  options.size = size;
  options.fps = s.fps;
  options.hflip = s.hflip;
  options.vflip = s.vflip;
  options.max_frames = s.frames;
  options.black_until_first_frame = is_virtual_camera(s);
  options.max_fps = s.max_fps;
  options.motion_gate.threshold_levels = s.motion_threshold;
  options.framing = {s.framing == "auto", s.framing_zoom};
  parts.open_source = std::move(open_source);
  parts.first_source = std::move(source);

  SessionOptions services;
  services.on_demand = on_demand;
  services.preview = &preview_publisher;
  services.open_preview = s.preview;
  services.watches = std::move(outputs.watches);
  services.owned_watches = std::move(outputs.owned_watches);
  services.control_socket = !s.control_socket.empty()
                                ? std::filesystem::path(s.control_socket)
                                : control_socket_for(!s.output.empty() ? s.output : s.v4l2loopback_path);
  services.status_line = s.status && StatusLine::terminal_attached();
  session.run(std::move(options), std::move(parts), std::move(services));
}

}  // namespace fakecam::app
