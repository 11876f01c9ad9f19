// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/pipewire/shared_memory.hpp"

#include <cinttypes>
#include <cstdint>
#include <cstdio>
#include <fstream>

namespace fakecam::output::pipewire {

std::optional<std::string> mapping_name(const void* address) {
  const auto target = reinterpret_cast<std::uintptr_t>(address);
  std::ifstream maps("/proc/self/maps");
  // "start-end perms offset dev inode   path"
  for (std::string line; std::getline(maps, line);) {
    std::uintptr_t start = 0, end = 0;
    int path_at = 0;
    if (std::sscanf(line.c_str(), "%" SCNxPTR "-%" SCNxPTR " %*s %*s %*s %*s %n", &start, &end, &path_at) < 2) continue;
    if (target < start || target >= end) continue;
    return path_at > 0 && static_cast<std::size_t>(path_at) <= line.size()
               ? line.substr(static_cast<std::size_t>(path_at))
               : std::string();
  }
  return std::nullopt;
}

bool in_memfd_mapping(const void* address) {
  const auto name = mapping_name(address);
  return name && name->rfind("/memfd:", 0) == 0;
}

}  // namespace fakecam::output::pipewire
