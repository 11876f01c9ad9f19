// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// BT.601 limited-range RGB -> Y'CbCr written out from the standard's
// coefficients (Kr = 0.299, Kb = 0.114; Y 16..235, Cb/Cr 16..240), as the
// independent reference the converter is checked against.

#include <cmath>

namespace fakecam::output::test {

struct Ycc {
  double y, cb, cr;
};

inline Ycc bt601_limited(double r, double g, double b) {
  const double kr = 0.299, kb = 0.114, kg = 1.0 - kr - kb;
  const double ey = kr * r + kg * g + kb * b;  // 0..255
  const double epb = (b - ey) / (2.0 * (1.0 - kb));
  const double epr = (r - ey) / (2.0 * (1.0 - kr));
  return {16.0 + 219.0 * ey / 255.0, 128.0 + 224.0 * epb / 255.0, 128.0 + 224.0 * epr / 255.0};
}

}  // namespace fakecam::output::test
