// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/assets.hpp"

#include <fnmatch.h>

#include <algorithm>
#include <vector>

namespace fakecam::app {

std::optional<std::filesystem::path> find_asset(const std::string& name_or_pattern,
                                                const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (name_or_pattern.empty()) return std::nullopt;
  const fs::path given(name_or_pattern);
  if (fs::is_regular_file(given, ec)) return given;
  if (given.is_relative() && fs::is_regular_file(folder / given, ec)) return folder / given;
  if (name_or_pattern.find_first_of("*?[") == std::string::npos) return std::nullopt;
  std::vector<fs::path> matches;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file(ec)) continue;
    if (::fnmatch(name_or_pattern.c_str(), entry.path().filename().c_str(), 0) == 0) matches.push_back(entry.path());
  }
  if (matches.empty()) return std::nullopt;
  return *std::min_element(matches.begin(), matches.end());
}

}  // namespace fakecam::app
