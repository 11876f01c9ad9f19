// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/config_file.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "common/error.hpp"

namespace fakecam::app {
namespace {

constexpr std::string_view kSpace = " \t";

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(kSpace) - first + 1);
}

bool is_name_start(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_'; }
bool is_name_char(char c) { return is_name_start(c) || (c >= '0' && c <= '9'); }
bool is_key_char(char c) { return is_name_char(c) || c == '-'; }

// One line being read: its place for error messages.
struct Line {
  const std::string& where;
  int number;
  std::string_view text;

  template <typename... Args>
  [[noreturn]] void fail(fmt::format_string<Args...> format, Args&&... args) const {
    throw Error(fmt::format("{}:{}: {}", where, number, fmt::format(format, std::forward<Args>(args)...)));
  }
};

std::string env_value(const Line& line, const std::string& name) {
  const char* value = std::getenv(name.c_str());
  if (value == nullptr) line.fail("${} is not set (in '{}')", name, line.text);
  return value;
}

// Appends s with $NAME and ${NAME} replaced by their values; a $ not
// followed by a name is kept as it is.
void expand_variables(const Line& line, std::string_view s, std::string& out) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '$' || i + 1 == s.size()) {
      out += s[i];
      continue;
    }
    if (s[i + 1] == '{') {
      const auto close = s.find('}', i + 2);
      if (close == std::string_view::npos) line.fail("'${{' without a closing '}}' in '{}'", line.text);
      const std::string name(s.substr(i + 2, close - i - 2));
      if (name.empty() || !is_name_start(name[0])) line.fail("'${{{}}}' is not a variable name", name);
      out += env_value(line, name);
      i = close;
    } else if (is_name_start(s[i + 1])) {
      std::size_t end = i + 1;
      while (end < s.size() && is_name_char(s[end])) ++end;
      out += env_value(line, std::string(s.substr(i + 1, end - i - 1)));
      i = end - 1;
    } else {
      out += '$';
    }
  }
}

// After a closing quote only a comment may follow.
void expect_only_comment(const Line& line, std::string_view rest) {
  rest = trim(rest);
  if (!rest.empty() && rest.front() != '#')
    line.fail("'{}' after the closing quote; put the whole value in quotes", rest);
}

std::string quoted_value(const Line& line, std::string_view v) {
  const char quote = v.front();
  std::string out;
  std::string pending;  // double-quoted text not yet $-expanded
  for (std::size_t i = 1; i < v.size(); ++i) {
    const char c = v[i];
    if (c == quote) {
      expand_variables(line, pending, out);
      expect_only_comment(line, v.substr(i + 1));
      return out;
    }
    if (quote == '"' && c == '\\' && i + 1 < v.size() &&
        std::string_view("\"\\$").find(v[i + 1]) != std::string_view::npos) {
      expand_variables(line, pending, out);
      pending.clear();
      out += v[++i];  // escaped: taken literally, never expanded
      continue;
    }
    if (quote == '"') {
      pending += c;
    } else {
      out += c;
    }
  }
  line.fail("no closing {} in '{}'", quote, line.text);
}

std::string unquoted_value(const Line& line, std::string_view v) {
  // " #" starts a comment; a value may itself start with # (a colour).
  for (std::size_t i = 1; i < v.size(); ++i) {
    if (v[i] == '#' && (v[i - 1] == ' ' || v[i - 1] == '\t')) {
      v = trim(v.substr(0, i));
      break;
    }
  }
  std::string out;
  if (v.front() == '~' && (v.size() == 1 || v[1] == '/')) {
    out = env_value(line, "HOME");
    v.remove_prefix(1);
  }
  expand_variables(line, v, out);
  return out;
}

ConfigEntry parse_line(const Line& line, std::string_view text) {
  const auto equals = text.find('=');
  std::string_view key = trim(text.substr(0, equals));
  if (equals == std::string_view::npos) {
    // A bare key, perhaps with a comment after it.
    const auto space = key.find_first_of(kSpace);
    if (space != std::string_view::npos && trim(key.substr(space)).front() == '#') key = key.substr(0, space);
  }
  if (key.empty()) line.fail("'{}': no key before '='", line.text);
  for (char c : key) {
    if (is_key_char(c)) continue;
    if (c == ':') line.fail("'{}': write key = value (not key: value)", line.text);
    line.fail("'{}': expected key = value, or a flag's key alone (keys are long option names such as width)",
              line.text);
  }
  ConfigEntry entry{std::string(key), std::nullopt, line.number};
  if (equals == std::string_view::npos) return entry;
  const std::string_view value = trim(text.substr(equals + 1));
  if (value.empty()) line.fail("'{}': no value after '=' (for a flag write the key alone)", line.text);
  entry.value = value.front() == '"' || value.front() == '\'' ? quoted_value(line, value) : unquoted_value(line, value);
  return entry;
}

}  // namespace

std::vector<ConfigEntry> parse_config_text(std::string_view text, const std::string& where) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);  // a UTF-8 byte-order mark from some editors
  std::vector<ConfigEntry> entries;
  int number = 0;
  while (!text.empty() || number == 0) {
    const auto newline = text.find('\n');
    std::string_view raw = text.substr(0, newline);
    text = newline == std::string_view::npos ? std::string_view() : text.substr(newline + 1);
    ++number;
    if (!raw.empty() && raw.back() == '\r') raw.remove_suffix(1);
    const Line line{where, number, raw};
    const std::string_view content = trim(raw);
    if (content.find('\0') != std::string_view::npos) line.fail("a NUL byte: not a text file");
    if (content.empty() || content.front() == '#' || content.front() == ';') continue;
    if (content.front() == '[') {
      line.fail("'{}': sections are not used; write each setting as key = value, without [section] headers", content);
    }
    entries.push_back(parse_line(line, content));
  }
  return entries;
}

std::vector<ConfigEntry> read_config_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (std::filesystem::is_directory(file, ec)) fail("config file {}: is a directory", file.string());
  std::ifstream in(file, std::ios::binary);
  if (!in)
    fail("config file {}: cannot read it ({})", file.string(),
         std::filesystem::exists(file, ec) ? "permission denied" : "no such file");
  std::ostringstream text;
  text << in.rdbuf();
  return parse_config_text(text.str(), file.string());
}

std::string quote_config_value(const std::string& value) {
  const bool plain = !value.empty() && value.find_first_of(" \t#\"'$\\;") == std::string::npos && value.front() != '~';
  if (plain) return value;
  if (value.find('\'') == std::string::npos) return "'" + value + "'";
  std::string out = "\"";
  for (char c : value) {
    if (c == '"' || c == '\\' || c == '$') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace fakecam::app
