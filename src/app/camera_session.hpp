// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// One run of the virtual camera as an object that owns its parts: the
// pipeline (capture, process, mask and output threads), the event loop that
// serves everything else (signals, `fakecam ctl`, the status line, on-demand
// reader watches), and the glue between them. Callbacks on the loop reach
// the pipeline only while it exists: the loop runs only inside run().

#include <filesystem>
#include <memory>
#include <vector>

#include "app/camera_pipeline.hpp"
#include "app/control/control_commands.hpp"
#include "app/control/control_server.hpp"
#include "app/preview/preview_process.hpp"
#include "app/preview/preview_publisher.hpp"
#include "app/signal_watcher.hpp"
#include "app/status_line.hpp"
#include "common/event_loop.hpp"
#include "output/consumer_demand.hpp"
#include "output/consumer_watch.hpp"

namespace fakecam::app {

struct SessionOptions {
  // Where `fakecam ctl` reaches this fakecam.
  std::filesystem::path control_socket;
  bool status_line = false;  // the live line on the terminal
  // On demand: the readers of every virtual camera, borrowed from the sinks
  // (a PipeWire sink is its own watch) or owned here; none: always on.
  bool on_demand = false;
  std::vector<output::ConsumerWatch*> watches;
  std::vector<std::shared_ptr<output::ConsumerWatch>> owned_watches;
  output::DemandTiming demand;
  // `fakecam preview` windows attach here; borrowed from the sinks.
  preview::PreviewPublisher* preview = nullptr;
  bool open_preview = false;  // --preview: a window of our own, once the control socket is up
};

class CameraSession {
 public:
  // Blocks the handled signals: make it before any other thread (all inherit
  // the mask). Signals that come before run() wait for it.
  CameraSession();
  ~CameraSession();
  CameraSession(const CameraSession&) = delete;
  CameraSession& operator=(const CameraSession&) = delete;

  // Runs the camera until a quit signal, --frames, or a reader closing a
  // stream; rethrows a fatal error of the pipeline.
  void run(PipelineOptions pipeline_options, PipelineParts parts, SessionOptions options);

 private:
  void start_services(SessionOptions& options);

  HandledSignals blocked_;  // first: before any thread
  EventLoop loop_;
  SignalWatcher signals_;
  std::vector<std::shared_ptr<output::ConsumerWatch>> owned_watches_;
  std::unique_ptr<CameraPipeline> pipeline_;
  std::unique_ptr<ControlTarget> control_;
  std::unique_ptr<ControlServer> control_server_;
  std::unique_ptr<StatusLine> status_;
  std::unique_ptr<output::DemandMonitor> demand_;
  std::unique_ptr<preview::PreviewProcess> preview_window_;
};

}  // namespace fakecam::app
