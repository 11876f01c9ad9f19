// fakecam: a virtual webcam with the background removed, blurred or replaced.

#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include "app/segment_command.hpp"
#include "common/error.hpp"

int main(int argc, char** argv) {
  CLI::App app{"fakecam: a virtual webcam with the background removed, blurred or replaced"};
  app.set_version_flag("--version", "fakecam " FAKECAM_VERSION);
  fakecam::app::SegmentOptions segment;
  fakecam::app::add_segment_command(app, segment);
  app.require_subcommand(1, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  try {
    if (app.got_subcommand("segment")) fakecam::app::run_segment(segment);
  } catch (const fakecam::Error& e) {
    fmt::print(stderr, "fakecam: {}\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    fmt::print(stderr, "fakecam: internal error: {}\n", e.what());
    return 2;
  }
  return 0;
}
