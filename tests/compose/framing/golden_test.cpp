// SPDX-License-Identifier: GPL-3.0-or-later
// The framed picture of a still person, against a golden image a person
// looked at: tests/data/framing/still.png (within a tolerance: a compiler or
// OpenCV update may round differently). To make it again after an intended
// change: FAKECAM_UPDATE_GOLDEN=1 build/tests/compose/framing/framing_golden_test

#include <gtest/gtest.h>

#include <cstdlib>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "compose/framing/framer.hpp"
#include "support/test_paths.hpp"
#include "synthetic_clip.hpp"

namespace fakecam::compose::framing {
namespace {

TEST(FramingGolden, StillPersonFramedHeadAndShoulders) {
  const test::SyntheticClip clip;
  const test::Shot shot = clip.render({520, 260}, true);
  Framer framer({true, 2.0});
  cv::Rect crop;
  for (int i = 0; i < 120; ++i) crop = framer.update(shot.model_mask, test::SyntheticClip::kFrame, i / 30.0);
  cv::Mat out, out_mask;
  Framer::crop(shot.frame, shot.model_mask, crop, {640, 360}, out, out_mask);

  const auto path = test::data_dir() / "framing" / "still.png";
  const char* update = std::getenv("FAKECAM_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    ASSERT_TRUE(cv::imwrite(path.string(), out)) << path;
    std::printf("wrote %s (crop %dx%d at %d,%d)\n", path.string().c_str(), crop.width, crop.height, crop.x, crop.y);
    return;
  }
  const cv::Mat golden = cv::imread(path.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(golden.empty()) << path << " is missing: make it with FAKECAM_UPDATE_GOLDEN=1 and look at it";
  ASSERT_EQ(golden.size(), out.size());
  cv::Mat diff;
  cv::absdiff(golden, out, diff);
  EXPECT_LE(cv::mean(diff.reshape(1))[0], 0.5) << "mean difference from the golden image";
  EXPECT_LE(cv::countNonZero(diff.reshape(1) > 8), static_cast<int>(diff.total() * 3 / 200))
      << "values more than 8 levels off";
}

}  // namespace
}  // namespace fakecam::compose::framing
