// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A labelled grid of images with lines of text under a title: what a person
// looks at to judge the masks.

#include <string>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::tools {

struct Tile {
  std::string label;
  cv::Mat image;  // CV_8UC3 or CV_8UC1
};

// Rows of tiles, each scaled to `tile_width` (keeping its aspect), with the
// label above it; `notes` are printed under the title.
cv::Mat contact_sheet(const std::string& title, const std::vector<std::string>& notes,
                      const std::vector<std::vector<Tile>>& rows, int tile_width);

}  // namespace fakecam::tools
