#pragma once
// The command line: `fakecam [OPTIONS]` runs the virtual webcam; subcommands
// do one-off jobs (`fakecam segment ...`). Flags are the seed's
// (Linux-Fake-Background-Webcam's fake.py) plus fakecam's own.

#include <memory>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "app/ctl_command.hpp"
#include "app/segment_command.hpp"
#include "app/settings.hpp"

namespace fakecam::app {

struct CommandLine {
  std::unique_ptr<CLI::App> app;
  Settings settings;
  SegmentOptions segment;
  CtlOptions ctl;
  bool dump_config = false;
  // Filled by parsing; read by finish_settings().
  std::vector<std::string> blur_args;
  CLI::Option* blur_option = nullptr;
};

// Builds the parser bound to `cli.settings` etc.
void build_command_line(CommandLine& cli);

// After a successful parse: normalises values (threshold percentages, blur
// defaults), validates them (throws Error with one line), and returns notes
// for the user about seed flags whose meaning changed (-S, -B).
std::vector<std::string> finish_settings(CommandLine& cli);

// The effective settings as a config file (what --dump-config prints).
std::string dump_config(const CommandLine& cli);

// After finish_settings(): whether a PipeWire camera is the only virtual
// camera (-v pipewire:[NAME], or --pipewire with no -v device).
bool pipewire_only(const Settings& settings);

}  // namespace fakecam::app
