// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Finding the user's images the way the seed did: -b/-f/-m name a file, or a
// pattern (background.*, foreground.*, foreground-mask.*) looked up in the
// image folder (-i, default ".").

#include <filesystem>
#include <optional>
#include <string>

namespace fakecam::app {

// The file `name_or_pattern` means: an existing path as given; else the same
// relative to `folder`; else, for a pattern with * or ?, the first match in
// `folder` (sorted, so the choice is stable). nullopt when nothing matches.
std::optional<std::filesystem::path> find_asset(const std::string& name_or_pattern,
                                                const std::filesystem::path& folder);

}  // namespace fakecam::app
