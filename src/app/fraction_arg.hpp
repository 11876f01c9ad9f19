// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Values that are a share of something (--threshold, --soft-edge) take one
// unambiguous scale: a fraction from 0 to 1, or a percentage written with %.
// ("1" and "2" used to mean 100 % and 2 %; now "2" is an error that says
// "write 2%".)

#include <string>
#include <string_view>

#include "app/cli11_declarations.hpp"

namespace fakecam::app {

// The fraction `text` means; throws Error naming `what` and the value otherwise.
double parse_fraction_or_percent(std::string_view text, const std::string& what);

// For CLI11 options: turns "60%" into "0.6", and refuses anything that is not
// 0..1 or 0%..100%.
CLI::Validator fraction_or_percent();

}  // namespace fakecam::app
