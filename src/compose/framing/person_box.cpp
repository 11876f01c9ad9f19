// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/framing/person_box.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

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

}  // namespace

std::optional<HeadAndShoulders> find_head_and_shoulders(const cv::Mat& model_mask, cv::Size frame, float threshold) {
  if (model_mask.empty()) return std::nullopt;
  if (model_mask.type() != CV_32FC1 && model_mask.type() != CV_8UC1)
    fail("framing: expected a CV_32FC1 or CV_8UC1 mask");
  // Reused from frame to frame (one thread runs framing): a fresh 150 KB
  // label image each call made glibc give the heap's top back and fault it
  // in again, costing more than the labelling itself.
  thread_local cv::Mat person, labels;
  const double level = model_mask.type() == CV_32FC1 ? threshold : threshold * 255.0;
  cv::compare(model_mask, level, person, cv::CMP_GE);

  // Labels only, with the areas and rows counted here in one pass: OpenCV's
  // WithStats variant also makes centroids and boxes in doubles, ten times
  // the cost of the labelling on a model-sized mask.
  const int count = cv::connectedComponents(person, labels, 8, CV_32S);
  std::vector<int> area(static_cast<std::size_t>(count), 0);
  std::vector<int> first_row(static_cast<std::size_t>(count), labels.rows),
      last_row(static_cast<std::size_t>(count), -1);
  // Runs of one label counted at once (a region's row is one or a few runs;
  // per pixel, the three scattered updates were a third of this function).
  // The background (label 0) is never read.
  for (int y = 0; y < labels.rows; ++y) {
    const int* label = labels.ptr<int>(y);
    for (int x = 0; x < labels.cols;) {
      const int l = label[x];
      const int start = x;
      while (x < labels.cols && label[x] == l) ++x;
      if (l == 0) continue;
      const auto i = static_cast<std::size_t>(l);
      area[i] += x - start;
      first_row[i] = std::min(first_row[i], y);
      last_row[i] = y;
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < area.size(); ++i) {
    if (best == 0 || area[i] > area[best]) best = i;
  }
  if (best == 0 || area[best] < kMinAreaFraction * static_cast<double>(person.total())) return std::nullopt;

  // The region's outline, row by row.
  const int top = first_row[best];
  const int bottom = last_row[best] + 1;  // exclusive
  std::vector<Span> rows(static_cast<std::size_t>(bottom - top));
  for (int y = top; y < bottom; ++y) {
    const int* label = labels.ptr<int>(y);
    Span& span = rows[static_cast<std::size_t>(y - top)];
    for (int x = 0; x < labels.cols; ++x) {
      if (label[x] != static_cast<int>(best)) continue;
      if (span.left < 0) span.left = x;
      span.right = x;
    }
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

  int left = labels.cols, right = -1;
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
