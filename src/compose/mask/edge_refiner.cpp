// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/mask/edge_refiner.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/kernels/resample_plan.hpp"

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
  mean_a_.create(low.height, low.width + 1, CV_32FC1);
  mean_b_.create(low.height, low.width + 1, CV_32FC1);
  runs_.assign(static_cast<std::size_t>(low.height), {});
}

void EdgeRefiner::classify_cells() {
  // For guide pixel (r, j), alpha * 255 over all grey levels g in [0, 255]
  // lies in [min(b, 255 a + b), max(...)] (a, b as used at frame size). A
  // cell's pixels mix its four corners, so its range is the corners' union.
  const int w = low_.width;
  lo_.create(low_.height, w + 1, CV_32FC1);
  hi_.create(low_.height, w + 1, CV_32FC1);
  for (int r = 0; r < low_.height; ++r) {
    const float* a = mean_a_.ptr<float>(r);  // w + 1 columns, the last repeated
    const float* b = mean_b_.ptr<float>(r);
    float* l = lo_.ptr<float>(r);
    float* h = hi_.ptr<float>(r);
    for (int j = 0; j <= w; ++j) {
      const float at_white = 255.0f * a[j] + b[j];
      l[j] = b[j] < at_white ? b[j] : at_white;
      h[j] = b[j] < at_white ? at_white : b[j];
    }
  }
  std::vector<std::uint8_t> kinds(static_cast<std::size_t>(w));
  for (int r = 0; r < low_.height; ++r) {
    const int r1 = std::min(r + 1, low_.height - 1);
    const float *l0 = lo_.ptr<float>(r), *l1 = lo_.ptr<float>(r1), *h0 = hi_.ptr<float>(r), *h1 = hi_.ptr<float>(r1);
    for (int j = 0; j < w; ++j) {
      const float cell_lo = std::min(std::min(l0[j], l0[j + 1]), std::min(l1[j], l1[j + 1]));
      const float cell_hi = std::max(std::max(h0[j], h0[j + 1]), std::max(h1[j], h1[j + 1]));
      // guided_row rounds v + 0.5 down and clamps: v < 0.5 gives 0, v >= 254.5 gives 255.
      kinds[j] = cell_hi < 0.5f ? kZero : cell_lo >= 254.5f ? kFull : kEdge;
    }
    // Runs of one kind; a short gap between two edge runs is computed too
    // (it gives its 0 or 255 anyway): fewer, longer runs for the kernels.
    std::vector<Run>& runs = runs_[r];
    runs.clear();
    for (int j = 0; j < w;) {
      int end = j + 1;
      while (end < w && kinds[end] == kinds[j]) ++end;
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
    kernels::stretch_row_f32(mean_a_.ptr<float>(row), x0 + x, wx + x, a + x, n);
    kernels::stretch_row_f32(mean_b_.ptr<float>(row), x0 + x, wx + x, b + x, n);
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
  if (rate >= 1.0f) return;
  if (prev_mean_p_.size() == low_) {
    for (int y = 0; y < low_.height; ++y) {
      const float* mp = mean_p_.ptr<float>(y);
      const float* pp = prev_mean_p_.ptr<float>(y);
      const float* pa = prev_mean_a_.ptr<float>(y);
      const float* pb = prev_mean_b_.ptr<float>(y);
      float* a = mean_a.ptr<float>(y);
      float* b = mean_b.ptr<float>(y);
      for (int x = 0; x < low_.width; ++x) {
        const float moved = std::abs(mp[x] - pp[x]);
        const float t = std::clamp((moved - kMaskStill) * (1.0f / (kMaskMoving - kMaskStill)), 0.0f, 1.0f);
        const float k = rate + (1.0f - rate) * t;
        a[x] = pa[x] + k * (a[x] - pa[x]);
        b[x] = pb[x] + k * (b[x] - pb[x]);
      }
    }
  }
  mean_p_.copyTo(prev_mean_p_);
  mean_a.copyTo(prev_mean_a_);
  mean_b.copyTo(prev_mean_b_);
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
  cv::resize(confidence, p_, low_, 0, 0, cv::INTER_LINEAR);
  guide_.create(low_, CV_32FC1);
  ip_.create(low_, CV_32FC1);
  ii_.create(low_, CV_32FC1);
  for (int y = 0; y < low_.height; ++y) {
    float* p = p_.ptr<float>(y);
    const std::uint8_t* g = grey_low.ptr<std::uint8_t>(y);
    float* i = guide_.ptr<float>(y);
    float* ip = ip_.ptr<float>(y);
    float* ii = ii_.ptr<float>(y);
    for (int x = 0; x < low_.width; ++x) {
      const float v = p[x];
      p[x] = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;  // NaN -> 0
      i[x] = (static_cast<float>(g[x]) - guide_offset) * guide_scale;
      ip[x] = i[x] * p[x];
      ii[x] = i[x] * i[x];
    }
  }
  const int radius = settings_.radius;
  box_.run(guide_, radius, mean_i_);
  box_.run(p_, radius, mean_p_);
  box_.run(ip_, radius, mean_ip_);
  box_.run(ii_, radius, mean_ii_);
  a_.create(low_, CV_32FC1);
  b_.create(low_, CV_32FC1);
  const float eps = settings_.eps;
  for (int y = 0; y < low_.height; ++y) {
    const float* mi = mean_i_.ptr<float>(y);
    const float* mp = mean_p_.ptr<float>(y);
    const float* mip = mean_ip_.ptr<float>(y);
    const float* mii = mean_ii_.ptr<float>(y);
    float* a = a_.ptr<float>(y);
    float* b = b_.ptr<float>(y);
    for (int x = 0; x < low_.width; ++x) {
      const float var = mii[x] - mi[x] * mi[x];
      const float cov = mip[x] - mi[x] * mp[x];
      a[x] = cov / (var + eps);
      b[x] = mp[x] - a[x] * mi[x];
    }
  }
  cv::Mat mean_a = mean_a_.colRange(0, low_.width);
  cv::Mat mean_b = mean_b_.colRange(0, low_.width);
  box_.run(a_, radius, mean_a);
  box_.run(b_, radius, mean_b);
  stabilise(mean_a, mean_b);
  // The soft threshold folded in, the coefficients scaled for the 8-bit guide
  // in and 0..255 out (alpha = 255 ramp(a i + b), i = (g - offset) scale, as
  // alpha = a' g + b'), and the result at the guide size (for the light wrap
  // and the evaluation tool).
  q_low_.create(low_, CV_32FC1);
  for (int y = 0; y < low_.height; ++y) {
    float* a = mean_a_.ptr<float>(y);
    float* b = mean_b_.ptr<float>(y);
    const float* i = guide_.ptr<float>(y);
    float* q = q_low_.ptr<float>(y);
    for (int x = 0; x < low_.width; ++x) {
      a[x] *= scale_;
      b[x] = b[x] * scale_ + offset_;
      const float v = a[x] * i[x] + b[x];
      q[x] = v > 0.0f ? (v < 1.0f ? v : 1.0f) : 0.0f;
      if (limited) {
        b[x] = (b[x] - a[x] * guide_scale * guide_offset) * 255.0f;
        a[x] *= 255.0f * guide_scale;
      } else {
        b[x] *= 255.0f;
      }
    }
    a[low_.width] = a[low_.width - 1];
    b[low_.width] = b[low_.width - 1];
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
