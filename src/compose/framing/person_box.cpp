// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/framing/person_box.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "common/error.hpp"

namespace fakecam::compose::framing {
namespace {

// Smaller regions are noise (a flicker of the model on a chair back).
constexpr double kMinAreaFraction = 0.005;
// A head is widest above this depth (in head widths; about half for a round
// head); the first rows are always the head (a tuft of hair is narrow).
constexpr double kWidestAt = 0.75;
constexpr int kMinHeadRows = 3;
// Below the head, the outline this much wider than the head is the shoulders.
constexpr double kShoulderJump = 1.5;
// A head with no shoulders seen below it (long hair, a hand) ends here.
constexpr double kMaxHeadAspect = 1.5;
constexpr double kDefaultHeadAspect = 1.3;
// A row this much narrower than the head, above the shoulders, is the neck.
constexpr double kNeckNarrowing = 0.85;
// Eye line, as a fraction of the head's height from its top (hair included).
constexpr double kEyeFraction = 0.45;
// How far below the chin the shoulders are measured, in head heights.
constexpr double kShoulderDepth = 0.8;

struct Span {
  int left = -1, right = -1;
  int width() const { return left < 0 ? 0 : right - left + 1; }
};

// A run of person pixels in one mask row: columns [begin, end).
struct Run {
  int row, begin, end;
  int parent;  // union-find over runs: the index of a run of the same region
};

int root_of(std::vector<Run>& runs, int i) {
  while (runs[static_cast<std::size_t>(i)].parent != i) {
    Run& run = runs[static_cast<std::size_t>(i)];
    run.parent = runs[static_cast<std::size_t>(run.parent)].parent;  // path halving
    i = run.parent;
  }
  return i;
}

// The mask's person pixels (value >= level) as runs, each row's in order,
// joined into 8-connected regions: a run touches one in the row above that
// overlaps it or meets it at a corner. `row_start` gets each row's first
// run index (and one past the last run). A person is a few runs per row, so
// this is a fraction of labelling every pixel (cv::connectedComponents and
// the passes over its label image were most of framing's update).
template <typename T>
void person_runs(const cv::Mat& mask, T level, std::vector<Run>& runs, std::vector<int>& row_start) {
  runs.clear();
  row_start.assign(static_cast<std::size_t>(mask.rows) + 1, 0);
  for (int y = 0; y < mask.rows; ++y) {
    row_start[static_cast<std::size_t>(y)] = static_cast<int>(runs.size());
    const T* m = mask.ptr<T>(y);
    for (int x = 0; x < mask.cols;) {
      if (!(m[x] >= level)) {
        ++x;
        continue;
      }
      const int begin = x;
      while (x < mask.cols && m[x] >= level) ++x;
      const int index = static_cast<int>(runs.size());
      runs.push_back({y, begin, x, index});
    }
  }
  row_start[static_cast<std::size_t>(mask.rows)] = static_cast<int>(runs.size());
  for (int y = 1; y < mask.rows; ++y) {
    int above = row_start[static_cast<std::size_t>(y - 1)];
    const int above_end = row_start[static_cast<std::size_t>(y)];
    for (int i = above_end; i < row_start[static_cast<std::size_t>(y) + 1]; ++i) {
      const Run& run = runs[static_cast<std::size_t>(i)];
      // Runs above that end before this one's corner cannot touch it or any
      // later run of this row.
      while (above < above_end && runs[static_cast<std::size_t>(above)].end < run.begin) ++above;
      for (int j = above; j < above_end && runs[static_cast<std::size_t>(j)].begin <= run.end; ++j) {
        const int a = root_of(runs, i), b = root_of(runs, j);
        // The earlier run (in raster order) stays the root: regions are then
        // numbered as cv::connectedComponents numbers them.
        if (a != b) runs[static_cast<std::size_t>(std::max(a, b))].parent = std::min(a, b);
      }
    }
  }
}

}  // namespace

std::optional<HeadAndShoulders> find_head_and_shoulders(const cv::Mat& model_mask, cv::Size frame, float threshold) {
  if (model_mask.empty()) return std::nullopt;
  if (model_mask.type() != CV_32FC1 && model_mask.type() != CV_8UC1)
    fail("framing: expected a CV_32FC1 or CV_8UC1 mask");
  // Reused from frame to frame (one thread runs framing).
  thread_local std::vector<Run> runs;
  thread_local std::vector<int> row_start, area;
  if (model_mask.type() == CV_32FC1) {
    person_runs<float>(model_mask, threshold, runs, row_start);
  } else {
    person_runs<std::uint8_t>(model_mask, static_cast<std::uint8_t>(std::ceil(threshold * 255.0f)), runs, row_start);
  }
  // Each region's area at its root run; the largest wins (the first found,
  // in raster order, of equal ones).
  area.assign(runs.size(), 0);
  for (int i = 0; i < static_cast<int>(runs.size()); ++i) {
    const Run& run = runs[static_cast<std::size_t>(i)];
    area[static_cast<std::size_t>(root_of(runs, i))] += run.end - run.begin;
  }
  int best = -1;
  for (int i = 0; i < static_cast<int>(runs.size()); ++i) {
    const int a = area[static_cast<std::size_t>(i)];
    if (a > 0 && (best < 0 || a > area[static_cast<std::size_t>(best)])) best = i;
  }
  if (best < 0 || area[static_cast<std::size_t>(best)] < kMinAreaFraction * static_cast<double>(model_mask.total()))
    return std::nullopt;

  // The region's outline, row by row (its runs are found by their root; the
  // root is its first run, so its row is the top).
  const int top = runs[static_cast<std::size_t>(best)].row;
  int bottom = top + 1;  // exclusive
  for (int i = best; i < static_cast<int>(runs.size()); ++i) {
    if (root_of(runs, i) == best) bottom = runs[static_cast<std::size_t>(i)].row + 1;
  }
  std::vector<Span> rows(static_cast<std::size_t>(bottom - top));
  for (int i = best; i < static_cast<int>(runs.size()); ++i) {
    const Run& run = runs[static_cast<std::size_t>(i)];
    if (run.row >= bottom) break;
    if (root_of(runs, i) != best) continue;
    Span& span = rows[static_cast<std::size_t>(run.row - top)];
    if (span.left < 0) span.left = run.begin;
    span.right = run.end - 1;
  }

  // Mask pixels -> frame pixels (the model's input is the squeezed frame).
  const double sx = static_cast<double>(frame.width) / model_mask.cols;
  const double sy = static_cast<double>(frame.height) / model_mask.rows;

  // Down to its widest point the outline is the head's; below it, a narrower
  // neck, then the shoulders widening by half again, end the head.
  double head_width = 0;  // frame pixels
  int chin = bottom;      // mask row, exclusive
  int neck = -1;          // the narrowest row below the head's widest
  double neck_width = 0;
  for (int y = top; y < bottom; ++y) {
    const double width = rows[static_cast<std::size_t>(y - top)].width() * sx;
    const double height = (y - top) * sy;
    if (y - top < kMinHeadRows || height < kWidestAt * head_width) {
      head_width = std::max(head_width, width);
      continue;
    }
    if (width > kShoulderJump * head_width) {
      chin = neck >= 0 && neck_width < kNeckNarrowing * head_width ? neck : y;
      break;
    }
    if (height >= kMaxHeadAspect * head_width) {
      chin = neck >= 0 && neck_width < kNeckNarrowing * head_width ? neck : y;
      break;
    }
    if (neck < 0 || width < neck_width) {
      neck = y;
      neck_width = width;
    }
  }
  if (chin == bottom) {
    // The region ends within the head: the frame's bottom edge cuts it.
    chin = std::min(bottom, top + static_cast<int>(std::ceil(kDefaultHeadAspect * head_width / sy)));
  }

  int left = model_mask.cols, right = -1;
  for (int y = top; y < chin; ++y) {
    const Span& span = rows[static_cast<std::size_t>(y - top)];
    if (span.left < 0) continue;
    left = std::min(left, span.left);
    right = std::max(right, span.right);
  }
  HeadAndShoulders found;
  found.head = cv::Rect2d(left * sx, top * sy, (right + 1 - left) * sx, (chin - top) * sy);
  found.eye_y = found.head.y + kEyeFraction * found.head.height;

  const int shoulders_end = std::min(bottom, chin + static_cast<int>(std::ceil(kShoulderDepth * (chin - top))));
  int shoulder_left = left, shoulder_right = right;
  for (int y = chin; y < shoulders_end; ++y) {
    const Span& span = rows[static_cast<std::size_t>(y - top)];
    if (span.left < 0) continue;
    shoulder_left = std::min(shoulder_left, span.left);
    shoulder_right = std::max(shoulder_right, span.right);
  }
  found.shoulder_left = shoulder_left * sx;
  found.shoulder_right = (shoulder_right + 1) * sx;
  return found;
}

}  // namespace fakecam::compose::framing
