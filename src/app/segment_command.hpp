// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `fakecam segment IMAGE -o MASK.png`: the person mask of one image.

#include <string>

#include "app/cli11_declarations.hpp"

namespace fakecam::app {

struct SegmentOptions {
  std::string input;
  std::string output;
  std::string model = "auto";
  int threads = 1;
};

void add_segment_command(CLI::App& app, SegmentOptions& options);

// Writes the 8-bit mask (255 = person) at the input image's size. An input
// already at the model's size is not resampled: the mask is the model output
// rounded to 8 bits. Throws Error on bad input or output.
void run_segment(const SegmentOptions& options);

}  // namespace fakecam::app
