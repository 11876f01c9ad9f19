// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The command line and the config file share one set of names: the long
// options CLI11 knows are the only config keys (no second list to drift).
// The command line wins over the file; an unknown key, a malformed line or a
// bad value is an error naming the file and line.

#include <filesystem>
#include <string>
#include <string_view>

#include <CLI/CLI.hpp>

namespace fakecam::app {

// $XDG_CONFIG_HOME/fakecam/config.ini, else ~/.config/fakecam/config.ini;
// empty when neither variable says where home is.
std::filesystem::path default_config_path();

// Sets every option the file names that the command line did not give.
void apply_config_file(CLI::App& app, const std::filesystem::path& file);

// " (did you mean width?)" for a mistyped long option name (`written`
// without dashes; `prefix` goes before the suggestion: "--" on the command
// line), or "" when nothing is close.
std::string did_you_mean(const CLI::App& app, std::string_view written, std::string_view prefix = "");

// Refuses an option that needs a value but is followed by another option
// (`--light-wrap --input x` would take "--input" as the value).
void check_values_are_not_options(const CLI::App& app, const std::vector<std::string>& args);

// Whether a flag was given as true (`--hflip`, `hflip = yes`), not false.
bool flag_is_on(const CLI::Option& flag);

}  // namespace fakecam::app
