// SPDX-License-Identifier: GPL-3.0-or-later
// fakecam: a virtual webcam with the background removed, blurred or replaced.

#include <malloc.h>

#include <cstdio>
#include <cstdlib>
#include <exception>

#include <fmt/format.h>
#include <opencv2/core/utility.hpp>

#include "app/cli.hpp"
#include "app/run_camera.hpp"
#include "common/error.hpp"
#include "common/log.hpp"

int main(int argc, char** argv) {
  // Every frame (1.4 MB at 720p in YUV, 6 MB at 1080p in BGR) is allocated
  // by one thread and freed by another a few frames later. With glibc's
  // defaults such blocks often go back to the kernel (mmap, or heap trim)
  // and each new frame faults its pages in again: 20-100k page faults per
  // 10 s and 3-15 % of a core measured at 720p30 (bench/RESULTS.md). Keep
  // freed blocks up to 32 MB in the heap instead; peak RSS rises ~4 MB.
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  // OpenCV's own threads (TBB) for its resizes and filters: fakecam already
  // runs capture, compose and the model on threads of their own, so on a
  // laptop's few cores OpenCV's helpers only wait and spin. Measured on a
  // 2-core machine, 720p30 blur: a helper thread spent ~0.2 ms of a frame's
  // ~3 ms compose yielding (bench/RESULTS.md, "The running binary").
  cv::setNumThreads(1);
  fakecam::app::CommandLine cli;
  fakecam::app::build_command_line(cli);
  if (const auto status = fakecam::app::parse_arguments_or_exit_status(cli, argc, argv)) return *status;
  try {
    const auto notes = fakecam::app::finish_settings(cli);
    fakecam::setup_logging(cli.settings.verbosity);
    if (cli.dump_config) {
      fmt::print("{}", fakecam::app::dump_config(cli));
      return 0;
    }
    for (const auto& note : notes) spdlog::warn("{}", note);
    const auto command = fakecam::app::chosen_command(cli);
    if (command == fakecam::app::Command::segment) {
      fakecam::app::run_segment(cli.segment);
    } else if (command == fakecam::app::Command::ctl) {
      return fakecam::app::run_ctl(cli.ctl);
    } else if (command == fakecam::app::Command::preview) {
      return fakecam::app::preview::run_preview(cli.preview);
    } else if (cli.settings.check) {
      return fakecam::app::check_camera(cli.settings);
    } else {
      fakecam::app::run_camera(cli.settings);
    }
  } catch (const fakecam::Error& e) {
    fmt::print(stderr, "fakecam: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fakecam: internal error: {}\n", e.what());
    return 2;
  }
  return 0;
}
