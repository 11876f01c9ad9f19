// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/box_gaussian.hpp"

#include <cstddef>

#include <opencv2/core.hpp>

namespace fakecam::compose {

ExtendedBox extended_box_for(double sigma) {
  CV_Assert(sigma > 0);
  // Each of the three boxes carries a third of the variance; a box of
  // radius r has r (r + 1) / 3, and the end weight w makes it
  // (r (r + 1) (2r + 1) / 3 + 2 w (r + 1)^2) / (2r + 1 + 2w).
  const double v = sigma * sigma / 3.0;
  int r = 0;
  while ((r + 1) * (r + 2) / 3.0 <= v) ++r;
  const double w = (2 * r + 1) * (v - r * (r + 1) / 3.0) / (2.0 * ((r + 1) * (r + 1) - v));
  return {r, static_cast<float>(w)};
}

std::vector<float> three_box_taps(double sigma) {
  if (!(sigma > 0)) return {1.0f};
  const ExtendedBox box = extended_box_for(sigma);
  const int half = box.radius + 1;  // one box reaches this far each side
  const double norm = 1.0 / (2 * box.radius + 1 + 2.0 * box.end_weight);
  std::vector<double> one(static_cast<std::size_t>(2 * half + 1), norm);
  one.front() = one.back() = box.end_weight * norm;
  // In double, so the float taps are the exact kernel rounded once.
  std::vector<double> kernel = one;
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<double> wider(kernel.size() + one.size() - 1, 0.0);
    for (std::size_t i = 0; i < kernel.size(); ++i) {
      for (std::size_t j = 0; j < one.size(); ++j) wider[i + j] += kernel[i] * one[j];
    }
    kernel.swap(wider);
  }
  const std::size_t centre = kernel.size() / 2;
  std::vector<float> taps(centre + 1);
  for (std::size_t k = 0; k <= centre; ++k) taps[k] = static_cast<float>(kernel[centre + k]);
  return taps;
}

std::vector<float> without_faint_tails(std::vector<float> taps, float below) {
  while (taps.size() > 1 && taps.back() < below) taps.pop_back();
  double sum = 0;
  for (std::size_t k = 0; k < taps.size(); ++k) sum += (k == 0 ? 1.0 : 2.0) * taps[k];
  for (float& t : taps) t = static_cast<float>(t / sum);
  return taps;
}

}  // namespace fakecam::compose
