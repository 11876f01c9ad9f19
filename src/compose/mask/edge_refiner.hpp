// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Edge refinement: the model's mask upsampled to the frame guided by the
// frame itself - the fast guided filter (He & Sun, "Fast Guided Filter",
// 2015) with the grey picture as guide:
//
//   at the reduced guide size (~180 rows): p = the model's confidence,
//   I = the grey frame; over each (2r+1)^2 window fit p ~ a I + b (least
//   squares, regularised by eps), and average a and b over the windows;
//   at frame size: alpha = ramp(a~ * grey + b~), with a~, b~ bilinearly
//   upsampled and the soft threshold (MaskSettings) folded into them.
//
// Where the picture has an edge near the mask's edge, alpha's edge snaps to
// it at full resolution (hair, shoulders, fingers); in flat regions alpha is
// the smooth mask.
//
// Cost: the window statistics work on ~60k pixels. At frame size, most of
// the picture is certainly person or certainly background: a cell between
// four guide pixels whose coefficients give 0 (or 255) for every grey level
// is filled with 0 (255) at once, and the per-pixel pass (stretching the
// coefficients and kernels::guided_row) runs only on the cells along the
// edge.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "compose/compose_settings.hpp"
#include "compose/kernels/box_filter.hpp"
#include "compose/kernels/float_resizer.hpp"
#include "compose/kernels/resample_plan.hpp"

namespace fakecam::compose {

// What the guide's 8-bit values mean: grey 0..255, or limited-range luma.
enum class GuideRange { full, limited };

class EdgeRefiner {
 public:
  EdgeRefiner(MaskSettings ramp, RefineSettings settings);

  // confidence: CV_32FC1 at model resolution (any size). grey_low: CV_8UC1,
  // the frame's grey reduced (area average) to the guide size. guide: the
  // frame, CV_8UC3 BGR or CV_8UC1 grey (grey as COLOR_BGR2GRAY computes it).
  // alpha: CV_8UC1 at frame size, 255 = person.
  // range: limited when grey_low and guide are limited-range luma (the YUV
  // path's Y plane, 16..235) rather than grey.
  void run(const cv::Mat& confidence, const cv::Mat& grey_low, const cv::Mat& guide, cv::Mat& alpha,
           GuideRange range = GuideRange::full);

  // The result at the guide size (CV_32FC1, 0..1) of the last run().
  const cv::Mat& alpha_low() const { return q_low_; }
  // Share of the frame the per-pixel pass ran on in the last run().
  double edge_share() const { return edge_share_; }

  // Forget the previous frame's coefficients (RefineSettings::stable_rate).
  void reset() { prev_mean_p_.release(); }

  // The mask's window mean changing by less than kMaskStill (0..1) counts as
  // a still mask, by more than kMaskMoving as a moving one; between, the
  // coefficients' rate rises smoothly from stable_rate to 1.
  static constexpr float kMaskStill = 0.02f;
  static constexpr float kMaskMoving = 0.1f;

 private:
  enum Cell : std::uint8_t { kZero = 0, kFull = 1, kEdge = 2 };
  struct Run {
    Cell kind;
    int begin, end;  // cell columns
  };
  // Gaps of up to this many flat cells between edge cells are computed too.
  static constexpr int kMaxGap = 4;

  void plan(cv::Size low, cv::Size frame);
  void classify_cells();
  // Blends this frame's coefficients (mean_a, mean_b) with the last frame's
  // where the mask did not move (kernels::steady_fit_row).
  void stabilise(cv::Mat& mean_a, cv::Mat& mean_b);
  // Row `row` of a and b stretched over output columns of cells [j0, j1).
  void stretch(int row, int j0, int j1);
  const float* a_row(int row) const { return a_rows_.data() + static_cast<std::size_t>(row % 2) * frame_.width; }
  const float* b_row(int row) const { return b_rows_.data() + static_cast<std::size_t>(row % 2) * frame_.width; }

  MaskSettings ramp_;
  RefineSettings settings_;
  float scale_ = 0, offset_ = 0;  // ramp(c) = c * scale_ + offset_, clamped to [0, 1]
  cv::Size low_, frame_;
  BoxFilter box_;
  FloatResizer confidence_resizer_;  // the model's confidence to the guide size
  cv::Mat p_, guide_, ip_, ii_, mean_i_, mean_p_, mean_ip_, mean_ii_, a_, b_, q_low_;
  cv::Mat mean_a_, mean_b_;                          // the window means of a and b ((low width + 1) columns)
  cv::Mat prev_mean_p_, prev_mean_a_, prev_mean_b_;  // the last frame's, for stabilise()
  // alpha * 255 = coef_a g + coef_b; (low width + kCoefPad) columns, the
  // last repeated into the padding (kernels::stretch_row_up_f32 loads 8
  // columns from the last one it reads).
  static constexpr int kCoefPad = 8;
  cv::Mat coef_a_, coef_b_;
  cv::Mat lo_, hi_;                      // per guide pixel: the range of alpha * 255 over all grey levels
  std::vector<std::uint8_t> kinds_;      // one cell row's Cell kinds, for classify_cells()
  std::vector<std::vector<Run>> runs_;   // per cell row (guide row r to r + 1), left to right
  ResamplePlan resample_;                // guide -> frame
  std::vector<int> cell_x_;              // first output column of each cell column (+ one past the end)
  std::vector<float> a_rows_, b_rows_;   // two stretched rows each, slot = row % 2
  int slot_row_[2] = {-1, -1};           // which row each slot holds
  std::vector<std::uint8_t> stretched_;  // per slot and cell column: already stretched
  double edge_share_ = 0;
};

}  // namespace fakecam::compose
