// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/camera_session.hpp"

#include "app/stage_stats.hpp"
#include "common/error.hpp"
#include "common/log.hpp"
#include "compose/compositor.hpp"

namespace fakecam::app {

namespace {

// `fakecam ctl` requests, applied to the running pipeline.
class PipelineControl final : public ControlTarget {
 public:
  PipelineControl(CameraPipeline& pipeline, preview::PreviewPublisher* preview)
      : pipeline_(pipeline), preview_(preview) {}
  compose::ComposeSettings compose_settings() const override { return pipeline_.compose_settings(); }
  void apply_compose_settings(const compose::ComposeSettings& settings) override {
    // Built here, on the loop's thread: a slow image load never stalls a frame.
    pipeline_.replace_compositor(std::make_unique<compose::Compositor>(settings));
    spdlog::info("fakecam ctl: new background/effect settings applied");
  }
  void set_paused(bool paused) override {
    pipeline_.set_paused(paused);
    spdlog::info("fakecam ctl: {}", paused ? "paused" : "resumed");
  }
  void reload() override { pipeline_.request_reload(); }
  void set_framing(bool on) override {
    pipeline_.set_framing(on);
    spdlog::info("fakecam ctl: framing {}", on ? "auto" : "off");
  }
  std::string status() const override { return format_status_report(pipeline_.snapshot()); }
  ControlReply attach_preview() override { return preview_ ? preview_->attach() : ControlTarget::attach_preview(); }

 private:
  CameraPipeline& pipeline_;
  preview::PreviewPublisher* preview_;
};

}  // namespace

// The handlers run on the loop, which runs only while pipeline_ exists.
CameraSession::CameraSession()
    : signals_(
          loop_, [this] { pipeline_->request_reload(); }, [this] { pipeline_->stop(); }) {}

CameraSession::~CameraSession() {
  // No callback may run while the parts it uses go.
  loop_.stop();
}

void CameraSession::run(PipelineOptions pipeline_options, PipelineParts parts, SessionOptions options) {
  pipeline_ = std::make_unique<CameraPipeline>(std::move(pipeline_options), std::move(parts));
  start_services(options);
  if (take_pending_ctrl_c()) {
    spdlog::info("Ctrl-C during start-up: stopping");
    return;
  }
  spdlog::info("running: {}", signal_keys_help());
  loop_.start();
  pipeline_->run();
  loop_.stop();
  // What the run cost, for a log or journal without the status line.
  const StatsSnapshot last = pipeline_->snapshot();
  spdlog::info("stopped: {} frames written, {} dropped; last: {}", last.frames_written, last.frames_dropped,
               fmt::join(status_fields(last), ", "));
}

void CameraSession::start_services(SessionOptions& options) {
  control_ = std::make_unique<PipelineControl>(*pipeline_, options.preview);
  // Remote control is a convenience: without it the camera still runs.
  try {
    control_server_ = std::make_unique<ControlServer>(
        loop_, options.control_socket,
        [this](const std::string& request) { return handle_control_request(request, *control_); });
    spdlog::info("control: fakecam ctl --socket {}", options.control_socket.string());
  } catch (const Error& e) {
    spdlog::warn("{}; `fakecam ctl` will not reach this fakecam", e.what());
    if (options.open_preview) spdlog::warn("--preview: no window without the control socket");
  }
  if (options.open_preview && control_server_) {
    // A window that does not open is no reason to stop the camera.
    try {
      preview_window_ = std::make_unique<preview::PreviewProcess>(options.control_socket, loop_);
    } catch (const Error& e) {
      spdlog::warn("{}", e.what());
    }
  }
  if (options.status_line) {
    status_ = std::make_unique<StatusLine>(loop_, [this] { return status_fields(pipeline_->snapshot()); });
  }
  if (options.on_demand) {
    // Readers of all virtual cameras together: the input runs while anyone
    // reads any of them.
    owned_watches_ = std::move(options.owned_watches);
    demand_ = std::make_unique<output::DemandMonitor>(
        loop_, std::move(options.watches), options.demand,
        [this](bool wanted, int readers) { pipeline_->set_demand(wanted, readers); });
  }
}

}  // namespace fakecam::app
