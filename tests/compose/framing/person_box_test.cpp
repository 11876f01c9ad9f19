// SPDX-License-Identifier: GPL-3.0-or-later
// The head-and-shoulders box read from a mask, and the shot chosen for it.

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "compose/framing/framer.hpp"
#include "compose/framing/framing_target.hpp"
#include "compose/framing/person_box.hpp"
#include "synthetic_clip.hpp"

namespace fakecam::compose::framing {
namespace {

using test::Scene;
using test::SyntheticClip;
const cv::Size kFrame = SyntheticClip::kFrame;

const SyntheticClip& clip() {
  static const SyntheticClip c;
  return c;
}

TEST(PersonBox, FindsTheHeadOfThePhotoWhereverItStands) {
  for (const Scene scene : {Scene{640, 240}, Scene{300, 400}, Scene{1000, 180}}) {
    const test::Shot shot = clip().render(scene, false);
    const auto found = find_head_and_shoulders(shot.model_mask, kFrame);
    ASSERT_TRUE(found.has_value());
    ASSERT_TRUE(shot.head.has_value());
    const cv::Rect2d truth = *shot.head;
    // Within two model pixels (5 frame pixels each) plus 10 % of the head.
    const double tol_x = 10 + 0.1 * truth.width, tol_y = 10 + 0.1 * truth.height;
    EXPECT_NEAR(found->head.y, truth.y, tol_y) << "top of the head, person at " << scene.person_x;
    EXPECT_NEAR(found->head.y + found->head.height, truth.y + truth.height, tol_y) << "chin";
    EXPECT_NEAR(found->head.x, truth.x, tol_x) << "left of the head";
    EXPECT_NEAR(found->head.x + found->head.width, truth.x + truth.width, tol_x) << "right of the head";
    EXPECT_GT(found->eye_y, truth.y + 0.3 * truth.height);
    EXPECT_LT(found->eye_y, truth.y + 0.7 * truth.height);
    EXPECT_GT(found->shoulder_right - found->shoulder_left, 1.5 * truth.width) << "shoulders wider than the head";
  }
}

TEST(PersonBox, Accepts8BitMasksAlike) {
  const test::Shot shot = clip().render({640, 240}, false);
  cv::Mat mask8;
  shot.model_mask.convertTo(mask8, CV_8U, 255);
  const auto a = find_head_and_shoulders(shot.model_mask, kFrame);
  const auto b = find_head_and_shoulders(mask8, kFrame);
  ASSERT_TRUE(a && b);
  EXPECT_NEAR(a->head.y, b->head.y, 5.1);
  EXPECT_NEAR(a->head.height, b->head.height, 10.1);
}

TEST(PersonBox, NobodyInAnEmptyOrSpeckledMask) {
  cv::Mat empty(SyntheticClip::kModel, CV_32FC1, cv::Scalar(0.1f));
  EXPECT_FALSE(find_head_and_shoulders(empty, kFrame));
  cv::Mat speckles = empty.clone();
  cv::circle(speckles, {40, 40}, 2, cv::Scalar(0.9f), cv::FILLED);
  cv::circle(speckles, {200, 100}, 2, cv::Scalar(0.9f), cv::FILLED);
  EXPECT_FALSE(find_head_and_shoulders(speckles, kFrame)) << "specks of flicker are not a person";
  EXPECT_FALSE(find_head_and_shoulders(cv::Mat(), kFrame));
}

TEST(PersonBox, AFleckAboveThePersonDoesNotMoveTheHead) {
  test::Shot shot = clip().render({640, 240}, false);
  const auto clean = find_head_and_shoulders(shot.model_mask, kFrame);
  cv::circle(shot.model_mask, {128, 10}, 2, cv::Scalar(1.0f), cv::FILLED);  // not joined to the person
  const auto flecked = find_head_and_shoulders(shot.model_mask, kFrame);
  ASSERT_TRUE(clean && flecked);
  EXPECT_DOUBLE_EQ(clean->head.y, flecked->head.y);
}

// The person is the region of most pixels, counted across rows of several
// runs: a wide one with a notch (two runs on each of its top 20 rows; 9200
// pixels in 120 runs) beats a thin bar running the whole height (1440 pixels,
// but 144 runs).
TEST(PersonBox, TheLargestRegionByPixelsNotByRuns) {
  cv::Mat mask(144, 256, CV_32FC1, cv::Scalar(0.0f));
  cv::rectangle(mask, cv::Rect(100, 40, 100, 100), cv::Scalar(1.0f), cv::FILLED);
  cv::rectangle(mask, cv::Rect(130, 40, 40, 20), cv::Scalar(0.0f), cv::FILLED);
  cv::rectangle(mask, cv::Rect(10, 0, 10, 144), cv::Scalar(1.0f), cv::FILLED);
  const auto found = find_head_and_shoulders(mask, {256, 144});
  ASSERT_TRUE(found);
  EXPECT_DOUBLE_EQ(found->head.y, 40.0);
  EXPECT_GE(found->head.x, 100.0);
}

// Two regions joined only by pixels meeting at corners are one (8-connected):
// together they outweigh a third, larger than either. Chains of single
// pixels going down to the right and down to the left.
TEST(PersonBox, RegionsMeetingAtACornerAreOne) {
  for (const int dx : {1, -1}) {
    SCOPED_TRACE(testing::Message() << "chain step " << dx);
    cv::Mat mask(144, 256, CV_32FC1, cv::Scalar(0.0f));
    const cv::Rect upper(dx > 0 ? 20 : 120, 10, 30, 20), lower(dx > 0 ? 80 : 60, 70, 30, 20);
    cv::rectangle(mask, upper, cv::Scalar(1.0f), cv::FILLED);
    cv::rectangle(mask, lower, cv::Scalar(1.0f), cv::FILLED);
    cv::rectangle(mask, cv::Rect(190, 60, 30, 30), cv::Scalar(1.0f), cv::FILLED);  // 900 px: more than each
    // From the upper one's bottom corner to the lower one's top: one pixel a row.
    cv::Point p(dx > 0 ? upper.br().x : upper.x - 1, upper.br().y);
    while (p.y < lower.y) {
      mask.at<float>(p) = 1.0f;
      p += cv::Point(dx, 1);
    }
    ASSERT_TRUE(p.x >= lower.x - 1 && p.x <= lower.br().x) << "the chain misses the lower region";
    const auto found = find_head_and_shoulders(mask, {256, 144});
    ASSERT_TRUE(found);
    EXPECT_DOUBLE_EQ(found->head.y, 10.0) << "the joined pair is the person";
  }
}

// The person is the largest 8-connected region, as OpenCV labels them
// (find_head_and_shoulders joins runs of pixels instead): on random masks
// of blobs, bars and specks, some touching only at a corner, the box is the
// one found in a mask holding that region alone.
TEST(PersonBox, TheRegionIsOpenCvsLargest8ConnectedComponent) {
  cv::RNG rng(21);
  for (int trial = 0; trial < 60; ++trial) {
    SCOPED_TRACE(testing::Message() << "trial " << trial);
    cv::Mat mask(144, 256, CV_32FC1, cv::Scalar(0.0f));
    for (int b = 0, blobs = rng.uniform(1, 6); b < blobs; ++b) {
      const cv::Point centre(rng.uniform(0, 256), rng.uniform(0, 144));
      const cv::Size axes(rng.uniform(3, 60), rng.uniform(3, 70));
      cv::ellipse(mask, centre, axes, rng.uniform(0.0, 180.0), 0, 360, cv::Scalar(rng.uniform(0.5f, 1.0f)), cv::FILLED);
    }
    // Diagonal steps, down to the right and to the left: pixels that meet
    // only at corners.
    for (int d = 0, steps = rng.uniform(1, 4); d < steps; ++d) {
      const cv::Point start(rng.uniform(40, 216), rng.uniform(0, 100));
      const int dx = rng.uniform(0, 2) == 0 ? 1 : -1;
      for (int k = 0; k < 40; ++k) mask.at<float>(start.y + k, start.x + dx * k) = 0.9f;
    }
    for (int n = 0; n < 200; ++n) mask.at<float>(rng.uniform(0, 144), rng.uniform(0, 256)) = 0.7f;
    cv::Mat person = mask >= 0.5f, labels, stats, centroids;
    const int count = cv::connectedComponentsWithStats(person, labels, stats, centroids, 8, CV_32S);
    int largest = 0;
    for (int l = 1; l < count; ++l) {
      if (largest == 0 || stats.at<int>(l, cv::CC_STAT_AREA) > stats.at<int>(largest, cv::CC_STAT_AREA)) largest = l;
    }
    const auto found = find_head_and_shoulders(mask, {1280, 720});
    if (largest == 0 || stats.at<int>(largest, cv::CC_STAT_AREA) < 0.005 * 256 * 144) {
      EXPECT_FALSE(found);
      continue;
    }
    cv::Mat alone(mask.size(), CV_32FC1, cv::Scalar(0.0f));
    mask.copyTo(alone, labels == largest);
    const auto expected = find_head_and_shoulders(alone, {1280, 720});
    ASSERT_TRUE(expected);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->head, expected->head);
    EXPECT_EQ(found->eye_y, expected->eye_y);
    EXPECT_EQ(found->shoulder_left, expected->shoulder_left);
    EXPECT_EQ(found->shoulder_right, expected->shoulder_right);
  }
}

TEST(FramingTarget, EyesOnTheUpperThirdAndTheHeadInside) {
  HeadAndShoulders p;  // standing in the middle of the room, the shoulders not cut by the frame
  p.head = cv::Rect2d(600, 200, 100, 150);
  p.eye_y = p.head.y + 0.45 * p.head.height;
  p.shoulder_left = 540;
  p.shoulder_right = 760;
  const CropWindow w = target_window(p, kFrame, 2.0);
  EXPECT_NEAR(p.eye_y - w.top(), w.height / 3, 1e-6) << "eyes on the upper third";
  EXPECT_NEAR(w.height, 2.6 * p.head.height, 1e-6) << "the head 40 % of the picture";
  EXPECT_NEAR(w.width(kFrame) / w.height, 16.0 / 9.0, 1e-9) << "the output's aspect";
  EXPECT_DOUBLE_EQ(w.cx, 650) << "centred on the head";
}

TEST(FramingTarget, ThePhotoAtTheFrameBottomKeepsEyesInTheUpperHalf) {
  const test::Shot shot = clip().render({640, 240}, false);
  const auto person = find_head_and_shoulders(shot.model_mask, kFrame);
  ASSERT_TRUE(person);
  const CropWindow w = target_window(*person, kFrame, 2.0);
  const cv::Rect crop = crop_rect(w, kFrame);
  EXPECT_EQ(crop.y + crop.height, kFrame.height) << "the frame's bottom edge stops the crop";
  EXPECT_LT(person->eye_y - crop.y, crop.height / 2.0);
  EXPECT_EQ((person->head & cv::Rect2d(crop)), person->head);
}

TEST(FramingTarget, APersonAtTheTopEdgeIsNotCut) {
  // Head partly above the frame (a tall person, camera low): the crop keeps
  // the frame's top edge and all of the head that is visible.
  HeadAndShoulders p;
  p.head = cv::Rect2d(600, -40, 120, 150);
  p.eye_y = p.head.y + 0.45 * p.head.height;
  p.shoulder_left = 520;
  p.shoulder_right = 800;
  const cv::Rect crop = crop_rect(target_window(p, kFrame, 2.0), kFrame);
  EXPECT_EQ(crop.y, 0);
  EXPECT_GE(crop.x + crop.width, 720);
  EXPECT_LE(crop.x, 600);
}

TEST(FramingTarget, ContainingMovesBeforeItGrows) {
  const CropWindow w{400, 300, 360};
  const CropWindow moved = containing(w, cv::Rect2d(600, 200, 100, 100), kFrame);
  EXPECT_DOUBLE_EQ(moved.height, 360) << "the box fits: move only";
  EXPECT_GE(moved.cx + moved.width(kFrame) / 2, 700);
  const CropWindow grown = containing(w, cv::Rect2d(600, 100, 100, 500), kFrame);
  EXPECT_GE(grown.height, 500);
}

TEST(FramerCrop, CropsFrameAndMaskAlike) {
  const test::Shot shot = clip().render({700, 300}, true);
  const cv::Rect crop(400, 200, 640, 360);
  cv::Mat out, out_mask;
  Framer::crop(shot.frame, shot.model_mask, crop, {1280, 720}, out, out_mask);
  ASSERT_EQ(out.size(), cv::Size(1280, 720));
  ASSERT_EQ(out_mask.size(), SyntheticClip::kModel);
  // The cropped mask, upsampled, lies on the person in the cropped frame: it
  // matches the full mask upsampled then cropped.
  cv::Mat full_up, expected, got;
  cv::resize(shot.model_mask, full_up, kFrame, 0, 0, cv::INTER_LINEAR);
  cv::resize(full_up(crop), expected, SyntheticClip::kModel, 0, 0, cv::INTER_AREA);
  cv::resize(out_mask, got, SyntheticClip::kModel);
  cv::Mat diff;
  cv::absdiff(expected, got, diff);
  EXPECT_LT(cv::mean(diff)[0], 0.02) << "mask and frame misaligned by the crop";
  // And the frame is the crop, scaled 2x.
  cv::Mat back;
  cv::resize(out, back, crop.size(), 0, 0, cv::INTER_AREA);
  cv::absdiff(back, shot.frame(crop), diff);
  EXPECT_LT(cv::mean(diff.reshape(1))[0], 3.0);
}

// A crop of the output's size is a view of the frame (no copy); a later
// crop that needs scaling never writes through that view into the frame.
TEST(FramerCrop, SameSizeIsAViewAndTheFrameIsNeverWritten) {
  const test::Shot shot = clip().render({700, 300}, true);
  const cv::Mat original = shot.frame.clone();
  cv::Mat out, out_mask;
  Framer::crop(shot.frame, shot.model_mask, cv::Rect(400, 200, 640, 360), {640, 360}, out, out_mask);
  EXPECT_EQ(out.datastart, shot.frame.datastart) << "expected a view, not a copy";
  EXPECT_EQ(cv::norm(out, shot.frame(cv::Rect(400, 200, 640, 360)), cv::NORM_INF), 0.0);
  Framer::crop(shot.frame, shot.model_mask, cv::Rect(0, 0, 320, 180), {640, 360}, out, out_mask);
  EXPECT_NE(out.datastart, shot.frame.datastart);
  EXPECT_EQ(cv::norm(shot.frame, original, cv::NORM_INF), 0.0) << "the scaled crop was written into the frame";
  // The scaled crop's buffer is reused by the next one of the same size.
  const std::uint8_t* buffer = out.data;
  Framer::crop(shot.frame, shot.model_mask, cv::Rect(10, 10, 320, 180), {640, 360}, out, out_mask);
  EXPECT_EQ(out.data, buffer);
}

// The scaled crop is OpenCV's bilinear resize of it (within a level: ours
// on AVX2, with the mask's pixel-centre convention), up and down; shrinking
// more than 2x averages areas.
TEST(FramerCrop, ScaledCropIsTheBilinearResizeOfTheCrop) {
  cv::setNumThreads(1);
  const test::Shot shot = clip().render({700, 300}, true);
  struct Case {
    cv::Rect crop;
    cv::Size out;
    int interpolation;
  };
  for (const auto& [crop, size, interpolation] :
       {Case{{400, 200, 643, 361}, {1280, 720}, cv::INTER_LINEAR},
        Case{{10, 10, 1000, 563}, {640, 360}, cv::INTER_LINEAR}, Case{{0, 0, 1280, 720}, {600, 338}, cv::INTER_AREA}}) {
    SCOPED_TRACE(testing::Message() << crop << " -> " << size);
    cv::Mat out, out_mask, expected;
    Framer::crop(shot.frame, shot.model_mask, crop, size, out, out_mask);
    cv::resize(shot.frame(crop), expected, size, 0, 0, interpolation);
    ASSERT_EQ(out.size(), size);
    EXPECT_LE(cv::norm(out, expected, cv::NORM_INF), interpolation == cv::INTER_AREA ? 0.0 : 1.0);
  }
}

// The mask's crop in two 1-D passes agrees with warpAffine's (which
// quantizes positions to 1/32 pixel), inside and where it clamps at the
// edges, for crops that zoom in and one that reaches past the mask.
TEST(FramerCrop, MaskCropMatchesWarpAffine) {
  cv::Mat mask(144, 256, CV_32FC1);
  cv::RNG rng(3);
  rng.fill(mask, cv::RNG::UNIFORM, 0.0f, 1.0f);
  cv::GaussianBlur(mask, mask, cv::Size(), 2.0);  // the model's masks are smooth
  for (const auto& [x, y] : {std::pair<Framer::MaskAxis, Framer::MaskAxis>{{40.3, 0.5}, {20.7, 0.5}},
                             {{0.0, 1.0 / 1.5}, {0.0, 1.0 / 1.5}},
                             {{200.0, 0.75}, {100.0, 0.75}}}) {
    cv::Mat ours, theirs;
    Framer::crop_mask_f32(mask, x, y, ours);
    const cv::Matx23d map(x.step, 0, x.offset + 0.5 * x.step - 0.5, 0, y.step, y.offset + 0.5 * y.step - 0.5);
    cv::warpAffine(mask, theirs, map, mask.size(), cv::INTER_LINEAR | cv::WARP_INVERSE_MAP, cv::BORDER_REPLICATE);
    ASSERT_EQ(ours.size(), mask.size());
    EXPECT_LT(cv::norm(ours, theirs, cv::NORM_INF), 0.01) << "offset " << x.offset << " step " << x.step;
  }
}

TEST(FramerCrop, AnEmptyMaskStaysEmpty) {
  const test::Shot shot = clip().render({700, 300}, true);
  cv::Mat out, out_mask;
  Framer::crop(shot.frame, cv::Mat(), cv::Rect({0, 0}, kFrame), {640, 360}, out, out_mask);
  EXPECT_EQ(out.size(), cv::Size(640, 360));
  EXPECT_TRUE(out_mask.empty());
}

}  // namespace
}  // namespace fakecam::compose::framing
