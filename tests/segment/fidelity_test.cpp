// SPDX-License-Identifier: GPL-3.0-or-later
// Our XNNPACK implementation of the two MediaPipe models against the outputs
// of Google's own runtime (tests/data/selfie-ref, see its SOURCES.md): for
// every image and both models, mean |ours - ref| <= 0.5/255 on the 8-bit masks
// and IoU at 0.5 >= 0.99.

#include <gtest/gtest.h>

#include <cstdio>

#include <opencv2/imgcodecs.hpp>

#include "segment/segmenter.hpp"
#include "support/test_paths.hpp"

namespace fakecam::segment {
namespace {

struct Case {
  std::string model;
  std::string image;
};

std::vector<Case> all_cases() {
  std::vector<Case> cases;
  for (const char* model : {"general", "landscape"}) {
    for (const auto& entry : std::filesystem::directory_iterator(test::data_dir() / "selfie-ref" / model)) {
      const auto stem = entry.path().stem().string();
      if (stem.ends_with("_ref")) continue;
      cases.push_back({model, stem});
    }
  }
  std::sort(cases.begin(), cases.end(),
            [](const Case& a, const Case& b) { return a.model + a.image < b.model + b.image; });
  return cases;
}

void PrintTo(const Case& c, std::ostream* os) { *os << c.model << "/" << c.image; }

class Fidelity : public testing::TestWithParam<Case> {};

TEST_P(Fidelity, MatchesGoogleRuntime) {
  const Case& c = GetParam();
  const auto dir = test::data_dir() / "selfie-ref" / c.model;
  const cv::Mat image = cv::imread((dir / (c.image + ".png")).string(), cv::IMREAD_COLOR);
  const cv::Mat ref = cv::imread((dir / (c.image + "_ref.png")).string(), cv::IMREAD_GRAYSCALE);
  ASSERT_FALSE(image.empty());
  ASSERT_FALSE(ref.empty());

  auto segmenter = Segmenter::open(c.model, 1);
  ASSERT_EQ(image.size(), segmenter.input_size()) << "reference inputs are at model size";
  cv::Mat ours;
  mask_to_u8(segmenter.segment(image, PixelOrder::bgr), ours);
  ASSERT_EQ(ours.size(), ref.size());

  cv::Mat diff;
  cv::absdiff(ours, ref, diff);
  const double mean_abs = cv::mean(diff)[0];
  const int inter = cv::countNonZero((ours >= 128) & (ref >= 128));
  const int uni = cv::countNonZero((ours >= 128) | (ref >= 128));
  const double iou = uni == 0 ? 1.0 : static_cast<double>(inter) / uni;
  RecordProperty("mean_abs_diff_levels", std::to_string(mean_abs));
  RecordProperty("iou", std::to_string(iou));
  EXPECT_LE(mean_abs, 0.5) << c.model << "/" << c.image << ": mean |ours - ref| in 8-bit levels";
  EXPECT_GE(iou, 0.99) << c.model << "/" << c.image;
  // Both empty (landscape/basketball1: no salient foreground at 0.5) is full
  // agreement; the mean difference above still checks every pixel.
  std::printf("%s/%s: mean |diff| %.3f levels, IoU %.4f (%d px foreground)\n", c.model.c_str(), c.image.c_str(),
              mean_abs, iou, uni);
}

INSTANTIATE_TEST_SUITE_P(AllImages, Fidelity, testing::ValuesIn(all_cases()),
                         [](const testing::TestParamInfo<Case>& p) { return p.param.model + "_" + p.param.image; });

}  // namespace
}  // namespace fakecam::segment
