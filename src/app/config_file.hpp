// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The config file's text format, on its own (no CLI11, no file system beyond
// reading the file): what a line may look like, comments, quotes, ~ and
// $VARIABLES. Which keys exist is the command line's business (cli_config.hpp).
//
//   # a comment; blank lines are ignored
//   width = 1280                  key = value; the key is a long option name
//   background-image = ~/beach.jpg   # ~ and $HOME / ${HOME} are expanded
//   background-colour = #00ff00   a value may start with #; " #" after it starts a comment
//   blur                          a bare key is the flag given without a value (--blur)
//   mask = "opacity=40 # not a comment"    "..." keeps # and spaces ($VAR still expands;
//                                           \" \\ \$ escape); '...' is taken literally

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fakecam::app {

struct ConfigEntry {
  std::string key;
  std::optional<std::string> value;  // none: a bare key
  int line = 0;
};

// `where` names the file in errors ("FILE:LINE: what is wrong"). Throws Error
// for a malformed line, an unterminated quote or an unset $VARIABLE.
std::vector<ConfigEntry> parse_config_text(std::string_view text, const std::string& where);

// Reads and parses one file; an unreadable file is an Error naming it.
std::vector<ConfigEntry> read_config_file(const std::filesystem::path& file);

// A value written so that parse_config_text() reads it back unchanged
// (quoted only when it has to be), for --dump-config.
std::string quote_config_value(const std::string& value);

}  // namespace fakecam::app
