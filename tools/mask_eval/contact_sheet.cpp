// SPDX-License-Identifier: GPL-3.0-or-later
#include "contact_sheet.hpp"

#include <algorithm>

#include <opencv2/imgproc.hpp>

namespace fakecam::tools {
namespace {

constexpr int kPad = 8;
constexpr int kLabel = 22;
constexpr int kLine = 20;
const cv::Scalar kInk(235, 235, 235);

void text(cv::Mat& img, const std::string& s, cv::Point at, double scale = 0.5) {
  cv::putText(img, s, at, cv::FONT_HERSHEY_SIMPLEX, scale, kInk, 1, cv::LINE_AA);
}

cv::Mat as_bgr(const cv::Mat& image, int width) {
  cv::Mat bgr;
  if (image.channels() == 1) {
    cv::cvtColor(image, bgr, cv::COLOR_GRAY2BGR);
  } else {
    bgr = image;
  }
  const int height = std::max(1, bgr.rows * width / bgr.cols);
  cv::Mat out;
  // Nearest when enlarging: the pixels of a zoomed crop stay visible.
  cv::resize(bgr, out, {width, height}, 0, 0, width > bgr.cols ? cv::INTER_NEAREST : cv::INTER_AREA);
  return out;
}

}  // namespace

cv::Mat contact_sheet(const std::string& title, const std::vector<std::string>& notes,
                      const std::vector<std::vector<Tile>>& rows, int tile_width) {
  std::vector<std::vector<cv::Mat>> scaled;
  int width = kPad, height = kPad + 28 + static_cast<int>(notes.size()) * kLine + kPad;
  for (const auto& row : rows) {
    std::vector<cv::Mat> r;
    int row_height = 0, row_width = kPad;
    for (const Tile& tile : row) {
      r.push_back(as_bgr(tile.image, tile_width));
      row_height = std::max(row_height, r.back().rows);
      row_width += tile_width + kPad;
    }
    width = std::max(width, row_width);
    height += kLabel + row_height + kPad;
    scaled.push_back(std::move(r));
  }
  cv::Mat sheet(height, width, CV_8UC3, cv::Scalar(40, 40, 40));
  int y = kPad + 20;
  text(sheet, title, {kPad, y}, 0.7);
  y += 8;
  for (const std::string& note : notes) {
    y += kLine;
    text(sheet, note, {kPad, y}, 0.45);
  }
  y += kPad;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    int x = kPad, row_height = 0;
    for (std::size_t j = 0; j < rows[i].size(); ++j) {
      text(sheet, rows[i][j].label, {x, y + kLabel - 6}, 0.45);
      const cv::Mat& img = scaled[i][j];
      img.copyTo(sheet(cv::Rect(x, y + kLabel, img.cols, img.rows)));
      x += tile_width + kPad;
      row_height = std::max(row_height, img.rows);
    }
    y += kLabel + row_height + kPad;
  }
  return sheet;
}

}  // namespace fakecam::tools
