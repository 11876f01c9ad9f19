// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Colours as the user writes them (--background-colour).

#include <string>
#include <string_view>

#include <opencv2/core.hpp>

namespace fakecam::compose {

// Accepts "#RRGGBB", "#RGB", "R,G,B" (decimal 0-255) and the names listed by
// colour_names() (case-insensitive). Returns BGR (OpenCV's order). Throws
// Error naming the text and the accepted forms.
cv::Vec3b parse_colour(std::string_view text);

// "black, white, ..." for help texts and error messages.
std::string colour_names();

}  // namespace fakecam::compose
