// SPDX-License-Identifier: GPL-3.0-or-later
// `fakecam segment IMAGE -o MASK`: bad input, output or model gives a non-zero
// exit and one line on stderr naming the problem; a good image gives a mask of
// its size, and at the model's input size exactly the model's output rounded
// to 8 bits (checked against Segmenter in this process).

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "segment/segmenter.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fakecam {
namespace {

using test::run_command;

test::CommandResult segment(const std::vector<std::string>& args) {
  std::vector<std::string> argv{test::fakecam_binary().string(), "segment"};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv);
}

std::filesystem::path astronaut(const std::string& model) {
  return test::data_dir() / "selfie-ref" / model / "astronaut.png";
}

void write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

// A failure: non-zero exit, no crash, exactly one line on stderr that
// contains every part.
void expect_one_line_error(const test::CommandResult& r, const std::vector<std::string>& parts) {
  EXPECT_EQ(r.signal, 0) << "killed by signal " << r.signal;
  EXPECT_NE(r.exit_code, 0);
  ASSERT_FALSE(r.err.empty());
  EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << "one line: " << r.err;
  EXPECT_EQ(r.err.back(), '\n');
  EXPECT_TRUE(r.err.starts_with("fakecam: ")) << r.err;
  for (const auto& part : parts) EXPECT_NE(r.err.find(part), std::string::npos) << "'" << part << "' in: " << r.err;
}

TEST(SegmentCommand, MissingInput) {
  const auto dir = test::scratch_dir("segment-missing-input");
  const auto input = dir / "no-such-image.png";
  const auto r = segment({input.string(), "-o", (dir / "mask.png").string()});
  expect_one_line_error(r, {input.string(), "no such file"});
  EXPECT_FALSE(std::filesystem::exists(dir / "mask.png"));
}

TEST(SegmentCommand, UnreadableImage) {
  const auto dir = test::scratch_dir("segment-unreadable");
  const auto input = dir / "not-really.png";
  write_text(input, "this is text, not a PNG\n");
  const auto r = segment({input.string(), "-o", (dir / "mask.png").string()});
  expect_one_line_error(r, {input.string(), "not a readable image"});
}

TEST(SegmentCommand, UnwritableOutput) {
  const auto dir = test::scratch_dir("segment-unwritable");
  const auto output = dir / "missing-dir" / "mask.png";
  const auto r = segment({astronaut("general").string(), "-o", output.string()});
  expect_one_line_error(r, {output.string(), "does not exist"});
}

TEST(SegmentCommand, BadModelFile) {
  const auto dir = test::scratch_dir("segment-bad-model");
  const auto model = dir / "bad.tflite";
  write_text(model, "definitely not a flatbuffer");
  const auto r = segment({astronaut("general").string(), "-o", (dir / "mask.png").string(), "--model", model.string()});
  expect_one_line_error(r, {model.string(), "not a TFLite model"});
}

TEST(SegmentCommand, MaskHasTheInputSize) {
  const auto dir = test::scratch_dir("segment-any-size");
  cv::Mat image = cv::imread(astronaut("general").string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(image.empty());
  cv::resize(image, image, cv::Size(331, 217), 0, 0, cv::INTER_LINEAR);
  const auto input = dir / "astronaut-331x217.png";
  ASSERT_TRUE(cv::imwrite(input.string(), image));
  const auto output = dir / "mask.png";
  const auto r = segment({input.string(), "-o", output.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const cv::Mat mask = cv::imread(output.string(), cv::IMREAD_UNCHANGED);
  ASSERT_FALSE(mask.empty());
  EXPECT_EQ(mask.type(), CV_8UC1);
  EXPECT_EQ(mask.size(), cv::Size(331, 217));
  // The astronaut is a person in front of a background: both kinds of pixel.
  const int person = cv::countNonZero(mask >= 128);
  EXPECT_GT(person, mask.total() / 10);
  EXPECT_LT(person, mask.total() * 9 / 10);
}

class SegmentAtModelSize : public testing::TestWithParam<std::string> {};

TEST_P(SegmentAtModelSize, IsTheModelOutputRounded) {
  const std::string model = GetParam();
  const auto dir = test::scratch_dir("segment-model-size-" + model);
  const auto output = dir / "mask.png";
  const auto r = segment({astronaut(model).string(), "-o", output.string(), "--model", model});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const cv::Mat mask = cv::imread(output.string(), cv::IMREAD_UNCHANGED);

  const cv::Mat image = cv::imread(astronaut(model).string(), cv::IMREAD_COLOR);
  auto segmenter = segment::Segmenter::open(model, 1);
  ASSERT_EQ(image.size(), segmenter.input_size());
  cv::Mat expected;
  segment::mask_to_u8(segmenter.segment(image, segment::PixelOrder::bgr), expected);
  ASSERT_EQ(mask.size(), expected.size());
  ASSERT_EQ(mask.type(), expected.type());
  EXPECT_EQ(cv::countNonZero(mask != expected), 0);
}

INSTANTIATE_TEST_SUITE_P(BothModels, SegmentAtModelSize, testing::Values("general", "landscape"));

}  // namespace
}  // namespace fakecam
