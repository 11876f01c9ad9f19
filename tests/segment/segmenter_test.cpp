// SPDX-License-Identifier: GPL-3.0-or-later
// Segmenter's preprocessing, seen through a stand-in model whose "mask" is one
// channel of its input (a 1x1 convolution picking R, G or B): pixel order,
// scaling to [0, 1], and the downscale of a webcam frame, which must average
// over areas (no aliasing of fine detail) and stay close to OpenCV's
// INTER_AREA.

#include "segment/segmenter.hpp"

#include <gtest/gtest.h>

#include <cstdio>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "segment/model_catalog.hpp"
#include "segment/xnn/graph_builder_for_tests.hpp"
#include "segment/yuv_model_input.hpp"
#include "support/test_paths.hpp"

namespace fakecam::segment {
namespace {

// A [1,H,W,3] -> [1,H,W,1] model returning input channel `channel` (0 = R in
// the model's RGB order).
Segmenter channel_picker(cv::Size size, int channel) {
  test::TinyGraph g;
  const int in = g.input({1, size.height, size.width, 3});
  std::vector<float> w(3, 0.0f);
  w[static_cast<std::size_t>(channel)] = 1.0f;
  const int filter = g.constant({1, 1, 1, 3}, w);
  const int bias = g.constant({1}, {0.0f});
  const int out = g.op(Conv2D{.padding = Padding::valid}, {in, filter, bias}, {1, size.height, size.width, 1});
  return Segmenter(std::move(g).finish(out), 1);
}

// The model's view of `frame` as an 8-bit RGB image (values * 255).
cv::Mat model_view(const cv::Mat& frame, cv::Size size, PixelOrder order) {
  std::vector<cv::Mat> planes;
  for (int c = 0; c < 3; ++c) {
    Segmenter s = channel_picker(size, c);
    cv::Mat plane;
    s.segment(frame, order).convertTo(plane, CV_32F, 255.0);
    planes.push_back(plane);
  }
  cv::Mat rgb;
  cv::merge(planes, rgb);
  return rgb;
}

TEST(SegmenterPreprocess, ModelSizeFrameIsScaledToUnitRangeInRgbOrder) {
  cv::Mat frame(2, 3, CV_8UC3);
  for (int i = 0; i < 6; ++i)
    frame.at<cv::Vec3b>(i / 3, i % 3) = cv::Vec3b(static_cast<uchar>(i), static_cast<uchar>(100 + i), 255);
  const cv::Mat bgr_view = model_view(frame, frame.size(), PixelOrder::bgr);
  const cv::Mat rgb_view = model_view(frame, frame.size(), PixelOrder::rgb);
  for (int i = 0; i < 6; ++i) {
    const auto v = bgr_view.at<cv::Vec3f>(i / 3, i % 3);
    EXPECT_NEAR(v[0], 255, 1e-3) << "R comes from BGR's last channel";
    EXPECT_NEAR(v[1], 100 + i, 1e-3);
    EXPECT_NEAR(v[2], i, 1e-3);
    const auto u = rgb_view.at<cv::Vec3f>(i / 3, i % 3);
    EXPECT_NEAR(u[0], i, 1e-3) << "an RGB frame is taken as it is";
    EXPECT_NEAR(u[2], 255, 1e-3);
  }
}

TEST(SegmenterPreprocess, DownscaleAveragesAwayFinePatterns) {
  // One-pixel black/white checkerboard: any sampling without averaging would
  // show black, white or stripes; area averaging gives uniform grey.
  for (const cv::Size model : {cv::Size(256, 144), cv::Size(256, 256)}) {
    for (const cv::Size frame_size : {cv::Size(1280, 720), cv::Size(1920, 1080), cv::Size(640, 480)}) {
      cv::Mat frame(frame_size, CV_8UC3);
      for (int y = 0; y < frame.rows; ++y) {
        for (int x = 0; x < frame.cols; ++x) frame.at<cv::Vec3b>(y, x) = cv::Vec3b::all((x + y) % 2 ? 255 : 0);
      }
      const cv::Mat view = model_view(frame, model, PixelOrder::bgr);
      double lo, hi;
      cv::minMaxLoc(view.reshape(1), &lo, &hi);
      EXPECT_GT(lo, 127.5 - 20) << frame_size << " -> " << model;
      EXPECT_LT(hi, 127.5 + 20) << frame_size << " -> " << model;
    }
  }
}

TEST(SegmenterPreprocess, DownscaleIsCloseToAreaAveraging) {
  cv::Mat photo = cv::imread((fakecam::test::data_dir() / "selfie-ref" / "general" / "astronaut.png").string());
  ASSERT_FALSE(photo.empty());
  for (const cv::Size model : {cv::Size(256, 144), cv::Size(256, 256)}) {
    cv::Mat frame;
    cv::resize(photo, frame, cv::Size(1280, 720), 0, 0, cv::INTER_CUBIC);
    cv::Mat area, area_rgb, expected;
    cv::resize(frame, area, model, 0, 0, cv::INTER_AREA);
    cv::cvtColor(area, area_rgb, cv::COLOR_BGR2RGB);
    area_rgb.convertTo(expected, CV_32FC3);
    const cv::Mat view = model_view(frame, model, PixelOrder::bgr);
    cv::Mat diff;
    cv::absdiff(view, expected, diff);
    EXPECT_LT(cv::mean(diff.reshape(1))[0], 1.5) << "mean |ours - INTER_AREA| in levels, " << model;
  }
}

TEST(YuvModelInput, IsTheAreaAverageOfTheFrame) {
  cv::Mat photo = cv::imread((fakecam::test::data_dir() / "selfie-ref" / "general" / "astronaut.png").string());
  ASSERT_FALSE(photo.empty());
  YuvModelInput input;
  // Sizes that take each path: exact box reductions then a bilinear step
  // (720p, 1080p, and 1000x562 by 2 only), an exact box that lands on the
  // model's size (1024x576 to 256x144), and a box for the rest (256x256
  // from 640x360).
  for (const cv::Size frame_size :
       {cv::Size(1280, 720), cv::Size(1920, 1080), cv::Size(1000, 562), cv::Size(1024, 576)}) {
    for (const cv::Size model : {cv::Size(256, 144), cv::Size(256, 256), cv::Size(255, 143)}) {
      cv::Mat frame;
      cv::resize(photo, frame, frame_size, 0, 0, cv::INTER_CUBIC);
      YuvImage yuv;
      bgr_to_yuv(frame, yuv);
      cv::Mat camera, area, made, diff;
      yuv_to_bgr(yuv, camera);  // the camera's picture, as BGR would have seen it
      cv::resize(camera, area, model, 0, 0, cv::INTER_AREA);
      input.make(yuv, model, made);
      ASSERT_EQ(made.size(), model);
      ASSERT_EQ(made.type(), CV_8UC3);
      cv::absdiff(made, area, diff);
      // Not the same numbers: the BGR path clips each full-size pixel to
      // 0..255 before averaging and repeats each chroma sample over 2x2
      // pixels; here chroma is averaged from its own plane.
      EXPECT_LT(cv::mean(diff.reshape(1))[0], 3.0) << "mean |YUV box - BGR INTER_AREA|, " << frame_size << model;
    }
  }
}

TEST(YuvModelInput, GivesTheModelsMaskOfTheBgrPath) {
  const auto dir = fakecam::test::data_dir() / "selfie-ref" / "landscape";
  const cv::Mat photo = cv::imread((dir / "grace_hopper.png").string());
  ASSERT_FALSE(photo.empty());
  cv::Mat frame, camera, made;
  cv::resize(photo, frame, {1280, 720}, 0, 0, cv::INTER_CUBIC);
  YuvImage yuv;
  bgr_to_yuv(frame, yuv);
  yuv_to_bgr(yuv, camera);
  Segmenter segmenter = Segmenter::open(kModelLandscape, 1);
  const cv::Mat from_bgr = segmenter.segment(camera, PixelOrder::bgr).clone();
  YuvModelInput().make(yuv, segmenter.input_size(), made);
  const cv::Mat from_yuv = segmenter.segment(made, PixelOrder::bgr).clone();
  const cv::Mat a = from_bgr > 0.5f, b = from_yuv > 0.5f;
  const double iou = static_cast<double>(cv::countNonZero(a & b)) / cv::countNonZero(a | b);
  std::printf("landscape mask from YUV input vs BGR input: IoU %.4f, mean |diff| %.4f\n", iou,
              cv::mean(cv::abs(from_bgr - from_yuv))[0]);
  EXPECT_GT(iou, 0.99);
  EXPECT_LT(cv::mean(cv::abs(from_bgr - from_yuv))[0], 0.01);
}

TEST(YuvModelInput, AveragesAwayFinePatterns) {
  // The checkerboard of DownscaleAveragesAwayFinePatterns, in luma.
  YuvImage frame(cv::Size(1280, 720));
  frame.fill(16, 128, 128);
  cv::Mat y = frame.y();
  for (int r = 0; r < y.rows; ++r) {
    for (int c = 0; c < y.cols; ++c) y.at<std::uint8_t>(r, c) = (r + c) % 2 ? 235 : 16;
  }
  cv::Mat made;
  YuvModelInput().make(frame, {256, 144}, made);
  double lo, hi;
  cv::minMaxLoc(made.reshape(1), &lo, &hi);
  EXPECT_GT(lo, 127.5 - 20);
  EXPECT_LT(hi, 127.5 + 20);
}

TEST(SegmenterPreprocess, SmallerFramesAreEnlarged) {
  cv::Mat frame(50, 100, CV_8UC3, cv::Scalar(10, 20, 30));
  const cv::Mat view = model_view(frame, cv::Size(256, 144), PixelOrder::bgr);
  ASSERT_EQ(view.size(), cv::Size(256, 144));
  const cv::Scalar mean = cv::mean(view);
  EXPECT_NEAR(mean[0], 30, 1e-3);
  EXPECT_NEAR(mean[1], 20, 1e-3);
  EXPECT_NEAR(mean[2], 10, 1e-3);
}

TEST(SegmenterPreprocess, RefusesFramesThatAreNotEightBitColour) {
  Segmenter s = channel_picker(cv::Size(4, 4), 0);
  EXPECT_THROW(s.preprocess(cv::Mat(4, 4, CV_8UC1, cv::Scalar(0)), PixelOrder::bgr), Error);
  EXPECT_THROW(s.preprocess(cv::Mat(4, 4, CV_32FC3, cv::Scalar(0)), PixelOrder::bgr), Error);
  EXPECT_THROW(s.preprocess(cv::Mat(), PixelOrder::bgr), Error);
}

}  // namespace
}  // namespace fakecam::segment

namespace fakecam::segment {
namespace {

// --threads: the bundled models always run on one thread (a pool only made
// them slower, issue 12); a model given as a file gets what was asked for.
TEST(SegmenterThreads, BundledModelsRunOnOneThreadWhateverWasAsked) {
  EXPECT_EQ(inference_threads(kModelGeneral, 4), 1);
  EXPECT_EQ(inference_threads(kModelLandscape, 2), 1);
  EXPECT_EQ(Segmenter::open(kModelLandscape, 2).threads(), 1);
}

TEST(SegmenterThreads, AModelFileGetsTheThreadsAskedFor) {
  const auto dir = fakecam::test::scratch_dir("segmenter_threads");
  const auto copy = dir / "custom.tflite";
  std::filesystem::copy_file(resolve_model(kModelLandscape), copy);
  EXPECT_EQ(inference_threads(copy.string(), 2), 2);
  Segmenter segmenter = Segmenter::open(copy.string(), 2);
  EXPECT_EQ(segmenter.threads(), 2);
  // And it still segments: the pool computes what one thread does.
  const cv::Mat frame(segmenter.input_size(), CV_8UC3, cv::Scalar(40, 90, 160));
  cv::Mat pooled = segmenter.segment(frame, PixelOrder::bgr).clone();
  cv::Mat single = Segmenter::open(kModelLandscape, 1).segment(frame, PixelOrder::bgr).clone();
  EXPECT_LE(cv::norm(pooled, single, cv::NORM_INF), 1e-5);
}

}  // namespace
}  // namespace fakecam::segment
