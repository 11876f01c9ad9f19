// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A Gaussian as three extended boxes (Gwosdek, Grewenig, Bruhn and
// Weickert, "Theoretical foundations of Gaussian convolution by extended
// box filtering", 2011): the end weights give the exact variance for any
// sigma (plain boxes only reach a few), and the three together are a short
// kernel, 6 r + 7 taps for boxes of radius r: 13 to 19 at the blur
// background's usual small sigma (1.4-2.8), where cv::GaussianBlur samples
// a Gaussian over 4 sigma each side (23 taps at 2.65).

#include <vector>

namespace fakecam::compose {

// One extended box: the 2 radius + 1 samples around the centre weigh 1, the
// two just outside weigh end_weight (0..1), all over their sum.
struct ExtendedBox {
  int radius = 0;
  float end_weight = 0;
};
// The box whose threefold repetition has variance sigma^2 (sigma > 0).
ExtendedBox extended_box_for(double sigma);

// The three boxes of `sigma` convolved into one symmetric kernel: taps[0]
// is the centre's weight, taps[k] that of the samples k away on either
// side (3 r + 4 values; they sum to 1 over both sides). sigma <= 0: {1}.
std::vector<float> three_box_taps(double sigma);

// `taps` (as three_box_taps gives them) without the outermost ones that weigh
// less than `below` each, the rest scaled to sum to 1 again. The centre stays.
std::vector<float> without_faint_tails(std::vector<float> taps, float below);

}  // namespace fakecam::compose
