// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/colour_background.hpp"

namespace fakecam::compose {

void ColourBackground::prepare(const BackgroundInput& input) {
  const std::size_t bytes = static_cast<std::size_t>(input.frame.cols) * 3;
  if (row_.size() == bytes) return;
  row_.resize(bytes);
  for (std::size_t i = 0; i < bytes; i += 3) {
    row_[i] = colour_[0];
    row_[i + 1] = colour_[1];
    row_[i + 2] = colour_[2];
  }
}

}  // namespace fakecam::compose
