// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/mask/edge_refiner.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/kernels/guided_rows.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"
#include "compose/kernels/stretch_row_up.hpp"

namespace fakecam::compose {
namespace {

constexpr float kMinRamp = 1e-4f;

// The filter's output is the confidence averaged over its windows, so its
// transition is about 1.3x wider than the model's own where the picture
// has no edge to follow (measured with tools/mask_eval). The soft threshold
// is made this much steeper after refinement: a given --soft-edge then looks
// no softer than without refinement, and crisper along real edges.
constexpr float kRefinedSteepening = 1.5f;

}  // namespace

// The filter runs on the model's confidence as it is (smooth, so the linear
// model has a gradient to fit) and the soft threshold comes last, folded
// into the coefficients: ramp(a I + b) = (a s) I + (b s + o). Thresholding
// first would make p a step that the window averages blur back into a band
// as wide as the window.
EdgeRefiner::EdgeRefiner(MaskSettings ramp, RefineSettings settings) : ramp_(ramp), settings_(settings) {
  const float r = std::max(ramp_.ramp / kRefinedSteepening, kMinRamp);
  scale_ = 1.0f / r;
  offset_ = 0.5f - ramp_.threshold / r;
}

void EdgeRefiner::plan(cv::Size low, cv::Size frame) {
  low_ = low;
  frame_ = frame;
  resample_ = ResamplePlan(low, frame);
  const std::vector<int>& x0 = resample_.x.index;
  // Output column x belongs to cell column x0[x] (nondecreasing).
  cell_x_.assign(static_cast<std::size_t>(low.width) + 1, frame.width);
  for (int x = frame.width - 1; x >= 0; --x) cell_x_[x0[x]] = x;
  for (int j = low.width - 1; j >= 0; --j) cell_x_[j] = std::min(cell_x_[j], cell_x_[j + 1]);
  const std::size_t row = static_cast<std::size_t>(frame.width);
  a_rows_.assign(2 * row, 0.0f);
  b_rows_.assign(2 * row, 0.0f);
  stretched_.assign(2 * static_cast<std::size_t>(low.width), 0);
  coef_a_.create(low.height, low.width + kCoefPad, CV_32FC1);
  coef_b_.create(low.height, low.width + kCoefPad, CV_32FC1);
  lo_.create(low.height, low.width + 1, CV_32FC1);
  hi_.create(low.height, low.width + 1, CV_32FC1);
  kinds_.assign(static_cast<std::size_t>(low.width), 0);
  runs_.assign(static_cast<std::size_t>(low.height), {});
}

namespace {
// The end of the run of equal bytes that starts at kinds[j]: eight at a
// time, as most of a row is one long run of 0 or 1.
int run_end(const std::uint8_t* kinds, int j, int n) {
  const std::uint64_t same = 0x0101010101010101ull * kinds[j];
  int end = j + 1;
  for (; end + 8 <= n; end += 8) {
    std::uint64_t word;
    std::memcpy(&word, kinds + end, sizeof word);
    if (const std::uint64_t differs = word ^ same; differs != 0) {
      return end + std::countr_zero(differs) / 8;  // little-endian: the lowest byte comes first
    }
  }
  while (end < n && kinds[end] == kinds[j]) ++end;
  return end;
}
}  // namespace

void EdgeRefiner::classify_cells() {
  // For guide pixel (r, j), alpha * 255 over all grey levels lies in
  // [lo, hi] (fold_ramp_row made them with the coefficients). A cell's
  // pixels mix its four corners, so its range is the corners' union.
  const int w = low_.width;
  std::uint8_t* kinds = kinds_.data();
  for (int r = 0; r < low_.height; ++r) {
    const int r1 = std::min(r + 1, low_.height - 1);
    kernels::cell_kinds_row(lo_.ptr<float>(r), lo_.ptr<float>(r1), hi_.ptr<float>(r), hi_.ptr<float>(r1), kinds, w);
    // Runs of one kind; a short gap between two edge runs is computed too
    // (it gives its 0 or 255 anyway): fewer, longer runs for the kernels.
    std::vector<Run>& runs = runs_[r];
    runs.clear();
    for (int j = 0; j < w;) {
      const int end = run_end(kinds, j, w);
      const auto kind = static_cast<Cell>(kinds[j]);
      const bool short_gap = kind != kEdge && end - j <= kMaxGap && !runs.empty() && runs.back().kind == kEdge &&
                             end < w && kinds[end] == kEdge;
      if ((kind == kEdge || short_gap) && !runs.empty() && runs.back().kind == kEdge) {
        runs.back().end = end;
      } else {
        runs.push_back({short_gap ? kEdge : kind, j, end});
      }
      j = end;
    }
  }
}

void EdgeRefiner::stretch(int row, int j0, int j1) {
  const int slot = row % 2;
  if (slot_row_[slot] != row) {
    slot_row_[slot] = row;
    std::fill(stretched_.begin() + static_cast<long>(slot) * low_.width,
              stretched_.begin() + static_cast<long>(slot + 1) * low_.width, 0);
  }
  std::uint8_t* done = stretched_.data() + static_cast<std::size_t>(slot) * low_.width;
  int j = j0;
  while (j < j1) {
    if (done[j] != 0) {
      ++j;
      continue;
    }
    int end = j;
    while (end < j1 && done[end] == 0) done[end++] = 1;
    const int x = cell_x_[j], n = cell_x_[end] - cell_x_[j];
    float* a = a_rows_.data() + static_cast<std::size_t>(slot) * frame_.width;
    const int* x0 = resample_.x.index.data();
    const float* wx = resample_.x.weight.data();
    float* b = b_rows_.data() + static_cast<std::size_t>(slot) * frame_.width;
    kernels::stretch_row_up_f32(coef_a_.ptr<float>(row), x0 + x, wx + x, a + x, n);
    kernels::stretch_row_up_f32(coef_b_.ptr<float>(row), x0 + x, wx + x, b + x, n);
    j = end;
  }
}

// Frame to frame, the window statistics, and with them a and b, change
// even where the person did not move: the model's answer wobbles (sensor
// noise through the network) and the picture's texture shifts under a
// moving camera, and the edge jitters with them. Where the model's mask
// (its window mean, which the filter computes anyway) stayed put, a and b
// are averaged over time instead; where it moved, they follow at once, so a
// moving person is not dragged. The current frame's grey still multiplies
// them, so the edge stays on the current picture. (tools/mask_eval, DAVIS
// lucia: flicker against the hand-drawn masks 2.75 -> 2.73 grey levels per
// frame, 0.90 -> 0.89 where the truth is still, IoU and boundary F kept.)
void EdgeRefiner::stabilise(cv::Mat& mean_a, cv::Mat& mean_b) {
  const float rate = settings_.stable_rate;
  // The last frame's means are swapped in together (run()): p's size stands for all three.
  if (rate >= 1.0f || prev_mean_p_.size() != low_) return;
  for (int y = 0; y < low_.height; ++y) {
    kernels::steady_fit_row(mean_p_.ptr<float>(y), prev_mean_p_.ptr<float>(y), prev_mean_a_.ptr<float>(y),
                            prev_mean_b_.ptr<float>(y), rate, kMaskStill, kMaskMoving, mean_a.ptr<float>(y),
                            mean_b.ptr<float>(y), low_.width);
  }
}

void EdgeRefiner::run(const cv::Mat& confidence, const cv::Mat& grey_low, const cv::Mat& guide, cv::Mat& alpha,
                      GuideRange range) {
  if (confidence.empty() || confidence.type() != CV_32FC1)
    fail("compositor: the person mask must be a non-empty CV_32FC1 image");
  if (grey_low.type() != CV_8UC1 || (guide.type() != CV_8UC1 && guide.type() != CV_8UC3) || grey_low.empty() ||
      guide.empty()) {
    fail("compositor: edge refinement needs an 8-bit grey guide and an 8-bit grey or BGR frame");
  }
  if (grey_low.size() != low_ || guide.size() != frame_) plan(grey_low.size(), guide.size());
  const bool bgr = guide.type() == CV_8UC3;
  // The statistics work on the guide's intensity in [0, 1]: grey / 255, or
  // (Y - 16) / 219 for limited-range luma, so the filter (and its eps) sees
  // the same picture either way.
  const bool limited = range == GuideRange::limited;
  const float guide_offset = limited ? 16.0f : 0.0f;
  const float guide_scale = limited ? 1.0f / 219.0f : 1.0f / 255.0f;

  // The confidence and the guide at the guide size, in [0, 1], and the
  // products the window statistics need.
  confidence_resizer_.run(confidence, low_, p_);
  guide_.create(low_, CV_32FC1);
  ip_.create(low_, CV_32FC1);
  ii_.create(low_, CV_32FC1);
  for (int y = 0; y < low_.height; ++y) {
    kernels::guide_products_row(p_.ptr<float>(y), grey_low.ptr<std::uint8_t>(y), guide_offset, guide_scale,
                                guide_.ptr<float>(y), ip_.ptr<float>(y), ii_.ptr<float>(y), low_.width);
  }
  const int radius = settings_.radius;
  box_.run(guide_, radius, mean_i_);
  box_.run(p_, radius, mean_p_);
  box_.run(ip_, radius, mean_ip_);
  box_.run(ii_, radius, mean_ii_);
  a_.create(low_, CV_32FC1);
  b_.create(low_, CV_32FC1);
  for (int y = 0; y < low_.height; ++y) {
    kernels::guided_fit_row(mean_i_.ptr<float>(y), mean_p_.ptr<float>(y), mean_ip_.ptr<float>(y),
                            mean_ii_.ptr<float>(y), settings_.eps, a_.ptr<float>(y), b_.ptr<float>(y), low_.width);
  }
  // (low width + 1) columns, as the last frame's (stabilise() reads them).
  mean_a_.create(low_.height, low_.width + 1, CV_32FC1);
  mean_b_.create(low_.height, low_.width + 1, CV_32FC1);
  cv::Mat mean_a = mean_a_.colRange(0, low_.width);
  cv::Mat mean_b = mean_b_.colRange(0, low_.width);
  box_.run(a_, radius, mean_a);
  box_.run(b_, radius, mean_b);
  stabilise(mean_a, mean_b);
  // The soft threshold folded in, the coefficients scaled for the 8-bit guide
  // in and 0..255 out (alpha = 255 ramp(a i + b), i = (g - offset) scale, as
  // alpha = a' g + b'), their range over all grey levels for
  // classify_cells(), and the result at the guide size (for the light wrap
  // and the evaluation tool).
  q_low_.create(low_, CV_32FC1);
  const float a_factor = limited ? 255.0f * guide_scale : 1.0f;
  const int w = low_.width;
  for (int y = 0; y < low_.height; ++y) {
    float* a = coef_a_.ptr<float>(y);
    float* b = coef_b_.ptr<float>(y);
    float* lo = lo_.ptr<float>(y);
    float* hi = hi_.ptr<float>(y);
    kernels::fold_ramp_row(mean_a.ptr<float>(y), mean_b.ptr<float>(y), guide_.ptr<float>(y), scale_, offset_, a_factor,
                           guide_scale, guide_offset, q_low_.ptr<float>(y), a, b, lo, hi, w);
    std::fill(a + w, a + w + kCoefPad, a[w - 1]);
    std::fill(b + w, b + w + kCoefPad, b[w - 1]);
    lo[w] = lo[w - 1];
    hi[w] = hi[w - 1];
  }
  // This frame's window means become the last frame's: swapped, not copied
  // (the next run() writes over the older ones).
  if (settings_.stable_rate < 1.0f) {
    std::swap(prev_mean_p_, mean_p_);
    std::swap(prev_mean_a_, mean_a_);
    std::swap(prev_mean_b_, mean_b_);
  }
  classify_cells();

  alpha.create(frame_, CV_8UC1);
  slot_row_[0] = slot_row_[1] = -1;
  long edge_pixels = 0;
  for (int y = 0; y < frame_.height; ++y) {
    const int r0 = resample_.y.index[y];
    const int r1 = std::min(r0 + 1, low_.height - 1);
    std::uint8_t* out = alpha.ptr<std::uint8_t>(y);
    const std::uint8_t* g = guide.ptr<std::uint8_t>(y);
    for (const Run& run : runs_[r0]) {
      const int x = cell_x_[run.begin], n = cell_x_[run.end] - cell_x_[run.begin];
      if (n <= 0) continue;
      if (run.kind != kEdge) {
        std::memset(out + x, run.kind == kFull ? 255 : 0, static_cast<std::size_t>(n));
        continue;
      }
      stretch(r0, run.begin, run.end);
      if (r1 != r0) stretch(r1, run.begin, run.end);
      if (bgr) {
        kernels::guided_row_bgr(a_row(r0) + x, a_row(r1) + x, b_row(r0) + x, b_row(r1) + x, resample_.y.weight[y],
                                g + 3 * x, out + x, n);
      } else {
        kernels::guided_row(a_row(r0) + x, a_row(r1) + x, b_row(r0) + x, b_row(r1) + x, resample_.y.weight[y], g + x,
                            out + x, n);
      }
      edge_pixels += n;
    }
  }
  edge_share_ = static_cast<double>(edge_pixels) / static_cast<double>(frame_.area());
}

}  // namespace fakecam::compose
