// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/image_fit.hpp"

#include <algorithm>
#include <cmath>

#include <opencv2/imgproc.hpp>

namespace fakecam::compose {
namespace {

void resize_to(const cv::Mat& src, cv::Size size, cv::Mat& out) {
  if (src.size() == size) {
    src.copyTo(out);
    return;
  }
  const bool shrinking = size.width <= src.cols && size.height <= src.rows;
  cv::resize(src, out, size, 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_LINEAR);
}

}  // namespace

cv::Rect cover_crop(cv::Size image, cv::Size frame) {
  // Compare aspects with integers: image wider than the frame <=> iw*fh > fw*ih.
  const long long iw = image.width, ih = image.height, fw = frame.width, fh = frame.height;
  if (iw * fh > fw * ih) {
    const int w = std::clamp(static_cast<int>(std::lround(static_cast<double>(fw) * ih / fh)), 1, image.width);
    return {(image.width - w) / 2, 0, w, image.height};
  }
  const int h = std::clamp(static_cast<int>(std::lround(static_cast<double>(fh) * iw / fw)), 1, image.height);
  return {0, (image.height - h) / 2, image.width, h};
}

cv::Rect fit_placement(cv::Size image, cv::Size frame) {
  const long long iw = image.width, ih = image.height, fw = frame.width, fh = frame.height;
  if (iw * fh > fw * ih) {  // wider: full width, bars above and below
    const int h = std::clamp(static_cast<int>(std::lround(static_cast<double>(fw) * ih / iw)), 1, frame.height);
    return {0, (frame.height - h) / 2, frame.width, h};
  }
  const int w = std::clamp(static_cast<int>(std::lround(static_cast<double>(fh) * iw / ih)), 1, frame.width);
  return {(frame.width - w) / 2, 0, w, frame.height};
}

void fit_image(const cv::Mat& image, cv::Size size, ImageFit mode, cv::Vec3b bar_bgr, cv::Mat& out) {
  CV_Assert(!image.empty() && image.type() == CV_8UC3 && size.width > 0 && size.height > 0);
  switch (mode) {
    case ImageFit::stretch:
      resize_to(image, size, out);
      return;
    case ImageFit::cover:
      resize_to(image(cover_crop(image.size(), size)), size, out);
      return;
    case ImageFit::fit: {
      out.create(size, CV_8UC3);
      out.setTo(cv::Scalar(bar_bgr[0], bar_bgr[1], bar_bgr[2]));
      const cv::Rect place = fit_placement(image.size(), size);
      cv::Mat target = out(place);
      resize_to(image, place.size(), target);
      return;
    }
    case ImageFit::tile: {
      out.create(size, CV_8UC3);
      for (int y = 0; y < size.height; y += image.rows) {
        for (int x = 0; x < size.width; x += image.cols) {
          const int w = std::min(image.cols, size.width - x);
          const int h = std::min(image.rows, size.height - y);
          image(cv::Rect(0, 0, w, h)).copyTo(out(cv::Rect(x, y, w, h)));
        }
      }
      return;
    }
  }
}

}  // namespace fakecam::compose
