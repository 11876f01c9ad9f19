// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The command line: `fakecam [OPTIONS]` runs the virtual webcam; subcommands
// do one-off jobs (`fakecam segment ...`). Flags are the seed's
// (Linux-Fake-Background-Webcam's fake.py) plus fakecam's own.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "app/cli11_declarations.hpp"
#include "app/ctl_command.hpp"
#include "app/preview/preview_command.hpp"
#include "app/segment_command.hpp"
#include "app/settings.hpp"

namespace fakecam::app {

struct CommandLine {
  CommandLine();
  ~CommandLine();
  CommandLine(const CommandLine&) = delete;
  CommandLine& operator=(const CommandLine&) = delete;

  std::unique_ptr<CLI::App> app;
  Settings settings;
  SegmentOptions segment;
  CtlOptions ctl;
  preview::PreviewOptions preview;
  bool dump_config = false;
  std::string config_file;               // -c FILE
  std::filesystem::path default_config;  // read when present and no -c (tests clear it)
  // Filled by parsing; read by finish_settings().
  std::vector<std::string> blur_args;
  CLI::Option* blur_option = nullptr;
};

// Builds the parser bound to `cli.settings` etc.
void build_command_line(CommandLine& cli);

// Parses argv (throws CLI::ParseError).
void parse_arguments(CommandLine& cli, int argc, const char* const* argv);

// parse_arguments() for main(): prints --help and --version, and a mistake
// as one line; then returns the exit status to stop with. Nothing when the
// command line is good.
std::optional<int> parse_arguments_or_exit_status(CommandLine& cli, int argc, const char* const* argv);

// What a parsed command line asks for.
enum class Command { camera, segment, ctl, preview };
Command chosen_command(const CommandLine& cli);

// After a successful parse: reads the config file (-c FILE, else the
// default one when it exists) for what the command line did not set,
// normalises values (blur defaults), validates them and refuses
// contradictions (throws Error with one line), and returns notes for the
// user about seed flags whose meaning changed (-S, -B).
std::vector<std::string> finish_settings(CommandLine& cli);

// The effective settings as a config file (what --dump-config prints).
std::string dump_config(const CommandLine& cli);

// After finish_settings(): whether a PipeWire camera is the only virtual
// camera (-v pipewire:[NAME], or --pipewire with no -v device).
bool pipewire_only(const Settings& settings);

}  // namespace fakecam::app
