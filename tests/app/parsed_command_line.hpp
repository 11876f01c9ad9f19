// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A command line parsed the way main() does (CLI11, then the checks and
// normalisation of finish_settings), for tests of the CLI and of what it
// builds. Held by pointer: CommandLine's options point into itself.

#include <memory>
#include <string>
#include <vector>

#include "app/cli.hpp"

namespace fakecam::app::test_support {

struct ParsedCommandLine {
  CommandLine cli;
  std::vector<std::string> notes;  // what finish_settings said
};

// The default config file (~/.config/fakecam/config.ini) is read only when a
// test asks for it: a developer's own file must not change test results.
inline std::unique_ptr<ParsedCommandLine> parse_command_line(const std::vector<std::string>& args,
                                                             bool read_default_config = false) {
  auto p = std::make_unique<ParsedCommandLine>();
  build_command_line(p->cli);
  if (!read_default_config) p->cli.default_config.clear();
  std::vector<const char*> argv{"fakecam"};
  for (const auto& a : args) argv.push_back(a.c_str());
  parse_arguments(p->cli, static_cast<int>(argv.size()), argv.data());
  p->notes = finish_settings(p->cli);
  return p;
}

}  // namespace fakecam::app::test_support
