// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The portrait light's arithmetic at the guide size (portrait_light.hpp),
// on plain rows of floats, for the vectorizer: the weights of the person's
// and the background's pixels, their 2x2 means (the light's own grid, half
// the guide's), the person's base luma and the person's gain.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::compose::light {

// One guide row: the luma y in (0, 1] (never 0: it is divided by and its log
// taken), the person's weight w = alpha^16 and the background's
// wb = (1 - alpha)^16 (only the nearly pure count: an edge pixel mixes the
// two), and ya = y w, yb = y wb.
void weights_row(const std::uint8_t* grey, const float* alpha, float* y, float* w, float* ya, float* wb, float* yb,
                 int n);

// The person's base luma from the coarse blurs of ya, w and y.
void base_row(const float* ya, const float* w, const float* y, float* base, int n);

// The mean of each 2x2 block of two rows, r0 and r1, of 2 * n_out floats
// into out (n_out floats): the light's grid from the guide's weights, and
// its coarse planes from the grid.
void mean_2x2_row(const float* r0, const float* r1, float* out, int n_out);

// The mean of each 2x2 block of a CV_32FC1 plane (may be a view) into dst
// (made src.size() / 2): cv::resize(INTER_AREA) by exactly 2, within float
// rounding, without its set-up and generic area tables. src's sides must be
// even.
void shrink_by_2(const cv::Mat& src, cv::Mat& dst);

// A separable blur of a small CV_32FC1 plane with `taps` (odd count,
// centred, applied across then down), borders replicated, into dst (made
// src's size; not src): cv::sepFilter2D with the same kernel and
// BORDER_REPLICATE, within float rounding. The light blurs seven planes of
// 160x90 and 80x45 a frame; OpenCV's per-call set-up (kernel making, filter
// engine, tracing) was most of their cost at that size.
class SmallBlur {
 public:
  explicit SmallBlur(std::vector<float> taps);
  void run(const cv::Mat& src, cv::Mat& dst);

 private:
  std::vector<float> taps_;
  std::vector<float> padded_;       // one source row with its replicated borders
  cv::Mat across_;                  // src blurred across
  std::vector<const float*> rows_;  // the rows of across_ one output row reads
};

// Per pixel of the light's grid, from the means of ya and w over the guide
// pixels it covers, the base and the luma: the person's gain
// Gp = exp(k_base ln B + k_yp ln Yp) (clamped) and (Gp - dim) in Q9; and from
// ya, w, yb and wb reaching a grid pixel further (blurred), the luma ratio
// r = Yp / Yb (clamped).
struct FineRows {
  const float *ya, *w;                      // averaged over 2x2 guide pixels
  const float *ya_near, *w_near, *yb, *wb;  // and blurred [1 2 1]
  const float *base, *y;
};
void gain_row_low(const FineRows& in, float k_base, float k_yp, float dim_q9, float* gain, float* q9, float* ratio,
                  int n);

}  // namespace fakecam::compose::light
