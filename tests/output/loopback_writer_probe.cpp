// SPDX-License-Identifier: GPL-3.0-or-later
// A small producer for the guest tests (tests/output/vm/*.sh): opens an output
// sink the way fakecam does and writes solid-colour frames at a steady rate.
//
//   loopback_writer_probe [--device /dev/video10] [--akvcam] [--format yuyv|i420|nv12]
//                         [--size 320x240] [--fps 30] [--frames 0 (= until killed)]
//                         [--colour B,G,R] [--watch]
//
// Prints "opened: <description>" once the sink is open; with --watch also
// "readers=N" whenever the inotify reader count changes. On failure prints
// "error: <message>" to stderr and exits 2.

#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "common/error.hpp"
#include "common/frame.hpp"
#include "common/log.hpp"
#include "output/consumer_watch.hpp"
#include "output/frame_sink.hpp"

namespace {

volatile sig_atomic_t g_stop = 0;
void on_signal(int) { g_stop = 1; }

struct Options {
  std::string device = "/dev/video10";
  bool akvcam = false;
  std::string format = "yuyv";
  int width = 320;
  int height = 240;
  int fps = 30;
  long frames = 0;
  int b = 0, g = 0, r = 255;
  bool watch = false;
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    const auto value = [&]() -> std::string {
      if (i + 1 >= argc) fakecam::fail("{} needs a value", arg);
      return argv[++i];
    };
    if (arg == "--device")
      o.device = value();
    else if (arg == "--akvcam")
      o.akvcam = true;
    else if (arg == "--format")
      o.format = value();
    else if (arg == "--size") {
      if (std::sscanf(value().c_str(), "%dx%d", &o.width, &o.height) != 2) fakecam::fail("--size wants WxH");
    } else if (arg == "--fps")
      o.fps = std::atoi(value().c_str());
    else if (arg == "--frames")
      o.frames = std::atol(value().c_str());
    else if (arg == "--colour") {
      if (std::sscanf(value().c_str(), "%d,%d,%d", &o.b, &o.g, &o.r) != 3) fakecam::fail("--colour wants B,G,R");
    } else if (arg == "--watch")
      o.watch = true;
    else
      fakecam::fail("unknown option {}", arg);
  }
  return o;
}

}  // namespace

int main(int argc, char** argv) {
  ::signal(SIGPIPE, SIG_IGN);
  ::signal(SIGINT, on_signal);
  ::signal(SIGTERM, on_signal);
  fakecam::setup_logging(1);  // info and warnings to stderr, as fakecam logs
  try {
    const Options o = parse(argc, argv);
    auto sink = o.akvcam ? fakecam::output::open_akvcam(o.device, o.width, o.height, o.fps)
                         : fakecam::output::open_v4l2loopback(o.device, o.width, o.height, o.fps,
                                                              fakecam::output::parse_output_format(o.format));
    std::printf("opened: %s\n", sink->description().c_str());
    std::fflush(stdout);
    std::unique_ptr<fakecam::output::ConsumerWatch> watch;
    int last_readers = -1;
    if (o.watch) watch = std::make_unique<fakecam::output::InotifyConsumerWatch>(o.device);
    const cv::Mat frame(o.height, o.width, CV_8UC3, cv::Scalar(o.b, o.g, o.r));
    const auto period = std::chrono::microseconds(1000000 / o.fps);
    auto next = fakecam::Clock::now();
    for (long n = 0; !g_stop && (o.frames == 0 || n < o.frames); ++n) {
      sink->write(frame);
      if (watch) {
        const int readers = watch->readers();
        if (readers != last_readers) {
          std::printf("readers=%d\n", readers);
          std::fflush(stdout);
          last_readers = readers;
        }
      }
      next += period;
      std::this_thread::sleep_until(next);
    }
    std::printf("wrote frames, dropped %llu\n", static_cast<unsigned long long>(sink->dropped_frames()));
    return 0;
  } catch (const fakecam::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 2;
  }
}
