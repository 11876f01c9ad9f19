// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/loopback_module.hpp"

#include <charconv>
#include <fstream>

namespace fakecam::output {
namespace {

std::vector<std::string_view> split_commas(std::string_view text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.remove_suffix(1);
  std::vector<std::string_view> items;
  if (text.empty()) return items;
  for (;;) {
    const auto comma = text.find(',');
    items.push_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return items;
}

std::optional<std::string> read_line(const std::filesystem::path& file) {
  std::ifstream in(file);
  std::string line;
  if (!in || !std::getline(in, line)) return std::nullopt;
  return line;
}

}  // namespace

std::optional<std::vector<bool>> parse_bool_list(std::string_view text) {
  std::vector<bool> values;
  for (const auto item : split_commas(text)) {
    if (item == "Y" || item == "1") {
      values.push_back(true);
    } else if (item == "N" || item == "0") {
      values.push_back(false);
    } else {
      return std::nullopt;
    }
  }
  if (values.empty()) return std::nullopt;
  return values;
}

std::optional<std::vector<int>> parse_int_list(std::string_view text) {
  std::vector<int> values;
  for (const auto item : split_commas(text)) {
    int value = 0;
    const auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), value);
    if (ec != std::errc() || end != item.data() + item.size() || item.empty()) return std::nullopt;
    values.push_back(value);
  }
  if (values.empty()) return std::nullopt;
  return values;
}

std::optional<LoopbackModuleParams> read_loopback_module(const std::filesystem::path& module_dir) {
  const auto caps_text = read_line(module_dir / "parameters" / "exclusive_caps");
  const auto nr_text = read_line(module_dir / "parameters" / "video_nr");
  if (!caps_text || !nr_text) return std::nullopt;
  auto caps = parse_bool_list(*caps_text);
  auto numbers = parse_int_list(*nr_text);
  if (!caps || !numbers) return std::nullopt;
  LoopbackModuleParams params;
  params.exclusive_caps = std::move(*caps);
  params.video_nr = std::move(*numbers);
  params.version = read_line(module_dir / "version").value_or("");
  return params;
}

std::optional<int> loopback_bus_number(std::string_view bus_info) {
  constexpr std::string_view kPrefix = "platform:v4l2loopback-";
  if (!bus_info.starts_with(kPrefix)) return std::nullopt;
  bus_info.remove_prefix(kPrefix.size());
  int value = 0;
  const auto [end, ec] = std::from_chars(bus_info.data(), bus_info.data() + bus_info.size(), value);
  if (ec != std::errc() || end != bus_info.data() + bus_info.size() || bus_info.empty()) return std::nullopt;
  return value;
}

std::optional<int> video_node_number(const std::string& path) {
  const std::string name = std::filesystem::path(path).filename().string();
  if (!name.starts_with("video") || name.size() == 5) return std::nullopt;
  int value = 0;
  const char* first = name.data() + 5;
  const char* last = name.data() + name.size();
  const auto [end, ec] = std::from_chars(first, last, value);
  if (ec != std::errc() || end != last) return std::nullopt;
  return value;
}

std::optional<bool> loopback_exclusive_caps(const LoopbackModuleParams& params, int video_number,
                                            std::optional<int> bus_number) {
  const std::size_t count = std::min(params.video_nr.size(), params.exclusive_caps.size());
  for (std::size_t i = 0; i < count; ++i) {
    if (params.video_nr[i] == video_number) return params.exclusive_caps[i];
  }
  // An automatically numbered device: only 0.12's bus_info names its index.
  if (!params.version.empty() || !bus_number || *bus_number < 0 || static_cast<std::size_t>(*bus_number) >= count) {
    return std::nullopt;
  }
  const auto index = static_cast<std::size_t>(*bus_number);
  if (params.video_nr[index] != -1) return std::nullopt;  // that index asked for another number
  return params.exclusive_caps[index];
}

}  // namespace fakecam::output
