// SPDX-License-Identifier: GPL-3.0-or-later
#include "synthetic_clip.hpp"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "support/test_paths.hpp"

namespace fakecam::test {
namespace {
// In the 256x256 photo the head (hat to chin) spans these rows; below is the
// neck, then the shoulders, which reach the photo's sides.
constexpr int kHeadTop = 0;
constexpr int kChin = 136;
}  // namespace

SyntheticClip::SyntheticClip() {
  const auto dir = data_dir() / "selfie-ref" / "general";
  photo_ = cv::imread((dir / "grace_hopper.png").string(), cv::IMREAD_COLOR);
  photo_mask_ = cv::imread((dir / "grace_hopper_ref.png").string(), cv::IMREAD_GRAYSCALE);
  CV_Assert(!photo_.empty() && !photo_mask_.empty());
  cv::Mat head_rows = photo_mask_.rowRange(kHeadTop, kChin) >= 128;
  head_in_photo_ = cv::boundingRect(head_rows);
  head_in_photo_.y += kHeadTop;
  // A room with structure at every scale, so a wrong crop shows.
  room_.create(kFrame, CV_8UC3);
  for (int y = 0; y < room_.rows; ++y) {
    for (int x = 0; x < room_.cols; ++x) {
      room_.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<uchar>(60 + x / 8), static_cast<uchar>(90 + y / 6), static_cast<uchar>(200 - x / 10));
    }
  }
  for (int x = 0; x < room_.cols; x += 160) cv::line(room_, {x, 0}, {x, room_.rows}, cv::Scalar(40, 40, 40), 3);
  cv::circle(room_, {200, 180}, 90, cv::Scalar(20, 200, 240), cv::FILLED);
  cv::rectangle(room_, {900, 120}, {1150, 330}, cv::Scalar(150, 60, 30), cv::FILLED);
  cv::putText(room_, "fakecam", {480, 120}, cv::FONT_HERSHEY_SIMPLEX, 2.5, cv::Scalar(255, 255, 255), 5);
}

Shot SyntheticClip::render(const Scene& scene, bool with_frame, cv::RNG* noise) const {
  Shot shot;
  cv::Mat mask(kFrame, CV_8UC1, cv::Scalar(0));
  if (with_frame) shot.frame = room_.clone();
  if (scene.visible) {
    const int size = static_cast<int>(std::lround(scene.person_size));
    const cv::Rect placed(static_cast<int>(std::lround(scene.person_x - size / 2.0)), kFrame.height - size, size, size);
    const cv::Rect visible = placed & cv::Rect({0, 0}, kFrame);
    if (!visible.empty()) {
      cv::Mat person, person_mask;
      cv::resize(photo_mask_, person_mask, placed.size(), 0, 0, cv::INTER_LINEAR);
      const cv::Rect inside = visible - placed.tl();
      person_mask(inside).copyTo(mask(visible));
      if (with_frame) {
        cv::resize(photo_, person, placed.size(), 0, 0, cv::INTER_LINEAR);
        cv::Mat alpha;
        cv::cvtColor(person_mask(inside), alpha, cv::COLOR_GRAY2BGR);
        alpha.convertTo(alpha, CV_32FC3, 1.0 / 255);
        cv::Mat fg, bg;
        person(inside).convertTo(fg, CV_32FC3);
        shot.frame(visible).convertTo(bg, CV_32FC3);
        cv::Mat blended = fg.mul(alpha) + bg.mul(cv::Scalar::all(1.0) - alpha);
        blended.convertTo(shot.frame(visible), CV_8UC3);
      }
      const double scale = static_cast<double>(size) / photo_.cols;
      const cv::Rect2d head(placed.x + head_in_photo_.x * scale, placed.y + head_in_photo_.y * scale,
                            head_in_photo_.width * scale, head_in_photo_.height * scale);
      const cv::Rect2d seen = head & cv::Rect2d(0, 0, kFrame.width, kFrame.height);
      if (seen.area() > 0) shot.head = seen;
    }
  }
  cv::resize(mask, shot.model_mask, kModel, 0, 0, cv::INTER_AREA);
  shot.model_mask.convertTo(shot.model_mask, CV_32F, 1.0 / 255);
  if (noise != nullptr) {
    const cv::Matx23d shift(1, 0, noise->uniform(-0.6, 0.6), 0, 1, noise->uniform(-0.6, 0.6));
    cv::warpAffine(shot.model_mask, shot.model_mask, shift, kModel, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    shot.model_mask *= noise->uniform(0.85, 1.0);
  }
  return shot;
}

}  // namespace fakecam::test
