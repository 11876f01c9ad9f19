// SPDX-License-Identifier: GPL-3.0-or-later
// The transposed-convolution fold (1x1 conv + DEPTH_TO_SPACE) computes what
// the transposed convolution computes: on random weights for the shapes it
// takes (several output channels, SAME and VALID), and on the two real
// models, whose whole fp32 output must stay within 1e-4 of the unfolded
// graph's. Shapes it must not take are left alone.

#include "segment/fold_transpose_conv.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include <opencv2/imgcodecs.hpp>

#include "segment/model_catalog.hpp"
#include "segment/segmenter.hpp"
#include "segment/tflite/model_loader.hpp"
#include "segment/xnn/graph_builder_for_tests.hpp"
#include "support/test_paths.hpp"

namespace fakecam::segment {
namespace {

using test::random_values;

struct Case {
  Shape in;      // [1, H, W, I]
  Shape filter;  // [O, KH, KW, I]
  TransposeConvBias params;
  Shape out;
};

Graph transpose_conv_graph(const Case& c, std::mt19937& rng) {
  test::TinyGraph g;
  const int in = g.input(c.in);
  const int w = g.constant(c.filter, random_values(element_count(c.filter), rng));
  const int b = g.constant({c.filter[0]}, random_values(static_cast<std::size_t>(c.filter[0]), rng));
  const int out = g.op(c.params, {in, w, b}, c.out);
  return std::move(g).finish(out);
}

void expect_fold_matches(const Case& c) {
  std::mt19937 rng(12);
  Graph reference = transpose_conv_graph(c, rng);
  Graph folded = reference;
  ASSERT_EQ(fold_transpose_convs(folded), 1);
  ASSERT_EQ(folded.ops.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<Conv2D>(folded.ops[0].params));
  EXPECT_TRUE(std::holds_alternative<DepthToSpace>(folded.ops[1].params));
  EXPECT_EQ(folded.ops[1].output, reference.output);
  const auto input = random_values(element_count(c.in), rng);
  test::expect_near_all(test::run(std::move(folded), input), test::run(std::move(reference), input), 1e-5f);
}

TEST(FoldTransposeConv, MatchesTheModelsFinalUpsampling) {
  // MediaPipe's last op: 2x2 stride 2, 16 -> 1, SAME.
  expect_fold_matches({{1, 5, 7, 16}, {1, 2, 2, 16}, {Padding::same, 2, 2}, {1, 10, 14, 1}});
}

TEST(FoldTransposeConv, KeepsChannelOrderWithSeveralOutputs) {
  expect_fold_matches({{1, 3, 4, 5}, {3, 2, 2, 5}, {Padding::valid, 2, 2}, {1, 6, 8, 3}});
}

TEST(FoldTransposeConv, HandlesBlocksOfThree) {
  expect_fold_matches({{1, 2, 3, 4}, {2, 3, 3, 4}, {Padding::same, 3, 3}, {1, 6, 9, 2}});
}

TEST(FoldTransposeConv, LeavesOverlappingKernelsAlone) {
  // 3x3 stride 2: blocks overlap, no 1x1 conv can express it.
  std::mt19937 rng(1);
  Graph g = transpose_conv_graph({{1, 2, 2, 1}, {1, 3, 3, 1}, {Padding::same, 2, 2}, {1, 4, 4, 1}}, rng);
  EXPECT_EQ(fold_transpose_convs(g), 0);
  ASSERT_EQ(g.ops.size(), 1u);
  EXPECT_TRUE(std::holds_alternative<TransposeConvBias>(g.ops[0].params));
}

// The real models, on a real picture: the folded graph (what Segmenter
// runs) against the graph as the file has it, fp32 output.
class FoldedModel : public testing::TestWithParam<const char*> {};

TEST_P(FoldedModel, StaysWithin1e4OfTheUnfoldedModel) {
  const std::string model = GetParam();
  Graph reference = tflite::load_model_file(resolve_model(model));
  Graph folded = reference;
  EXPECT_EQ(fold_transpose_convs(folded), 1) << model << " ends in one 2x2 stride-2 transposed conv";
  const auto dir = fakecam::test::data_dir() / "selfie-ref" / model;
  std::string image_path;  // the first picture by name, for a stable test
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto path = entry.path().string();
    if (!entry.path().stem().string().ends_with("_ref") && (image_path.empty() || path < image_path)) image_path = path;
  }
  const cv::Mat image = cv::imread(image_path, cv::IMREAD_COLOR);
  ASSERT_FALSE(image.empty()) << image_path;
  // Segmenter (folded) fills its input exactly as the model expects; the same
  // input goes to the unfolded graph.
  Segmenter segmenter(folded, 1);
  const cv::Mat& mask = segmenter.segment(image, PixelOrder::bgr);
  const cv::Mat& input = segmenter.input();
  const std::vector<float> in_values(input.ptr<float>(), input.ptr<float>() + input.total() * 3);
  const auto expected = test::run(std::move(reference), in_values);
  ASSERT_EQ(expected.size(), mask.total());
  float worst = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    worst = std::max(worst, std::abs(mask.ptr<float>()[i] - expected[i]));
  }
  EXPECT_LE(worst, 1e-4f) << model << ": max |folded - unfolded| over " << image_path;
}

INSTANTIATE_TEST_SUITE_P(BothModels, FoldedModel, testing::Values("general", "landscape"));

}  // namespace
}  // namespace fakecam::segment
