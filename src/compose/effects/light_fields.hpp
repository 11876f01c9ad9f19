// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The portrait light's arithmetic at the guide size (portrait_light.hpp),
// on plain rows of floats, for the vectorizer: the weights of the person's
// and the background's pixels, the person's base luma, the fine blur of the
// weighted planes, and the person's gain.

#include <array>
#include <cstdint>

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

// The mean of each 4x4 block of a CV_32FC1 plane (may be a view) into dst
// (made src.size() / 4): cv::resize(INTER_AREA) by exactly 4, within float
// rounding, without its set-up and generic area tables (the person's coarse
// planes: three of these were ~0.07 ms of the light's 0.32 ms guide work).
// src's sides must be multiples of 4.
void shrink_by_4(const cv::Mat& src, cv::Mat& dst);

// Per guide pixel, from the fine blurs of ya, w, yb and wb, the base and the
// luma: the luma ratio r = Yp / Yb (clamped), the person's gain
// Gp = exp(k_base ln B + k_yp ln Yp) (clamped) and (Gp - dim) in Q9.
struct FineRows {
  const float *ya, *w, *yb, *wb;  // blurred
  const float *base, *y;
};
void gain_row_low(const FineRows& in, float k_base, float k_yp, float dim_q9, float* gain, float* q9, float* ratio,
                  int n);

// The fine blur: 5x5 Gaussian, sigma 1, borders replicated, as OpenCV's
// GaussianBlur(5x5, 1, BORDER_REPLICATE) within float rounding, on four
// planes at once, one output row at a time, so that a row's blur is in L1
// when gain_row_low() reads it (OpenCV's four blurs wrote and re-read four
// guide-sized planes).
class FineBlur {
 public:
  static constexpr int kPlanes = 4;
  // Each plane: CV_32FC1 of `cols` + 4 columns, its row in columns 2 ..
  // cols + 1 and the first and last value copied into the two columns on
  // each side (pad_row()). The planes must outlive the rows read.
  void start(const std::array<const cv::Mat*, kPlanes>& planes, int cols);
  // Row r of the four blurred planes (valid until the next call); r counts
  // up from 0, one at a time.
  std::array<const float*, kPlanes> row(int r);

  // Copies a row's first and last values into its two border columns on
  // each side (row: cols + 4 floats).
  static void pad_row(float* row, int cols);

 private:
  std::array<const cv::Mat*, kPlanes> planes_{};
  int cols_ = 0, rows_ = 0;
  int next_ = 0;       // the next row to blur across
  int last_row_ = -1;  // the last row() asked for
  cv::Mat across_;     // 5 rows per plane, blurred across (a ring by row % 5)
  cv::Mat out_;        // a row per plane
};

}  // namespace fakecam::compose::light
