// SPDX-License-Identifier: GPL-3.0-or-later
// A 1x1 convolution moved before the bilinear resize that fed it computes
// what the pair computed: on random weights, for the 2x half-pixel resize
// of the models and for an align-corners resize to an odd size, and on the
// two real models, whose whole fp32 output must stay within 1e-4 of the
// graph as the file has it. Pairs that do not commute (an activation, a
// wider kernel) or would not pay (more channels out, a second reader) are
// left alone.

#include "segment/conv_before_upsample.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "segment/model_catalog.hpp"
#include "segment/tflite/model_loader.hpp"
#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::random_values;

struct Pair {
  Shape in;               // [1, h, w, I]
  ResizeBilinear resize;  // to [1, out_h, out_w, I]
  Shape filter;           // [O, KH, KW, I]
  Conv2D conv;
};

Graph resize_then_conv(const Pair& p, std::mt19937& rng) {
  test::TinyGraph g;
  const int in = g.input(p.in);
  const int up = g.op(p.resize, {in}, {1, p.resize.out_h, p.resize.out_w, p.in[3]});
  const int w = g.constant(p.filter, random_values(element_count(p.filter), rng));
  const int b = g.constant({p.filter[0]}, random_values(static_cast<std::size_t>(p.filter[0]), rng));
  const int out = g.op(p.conv, {up, w, b}, {1, p.resize.out_h, p.resize.out_w, p.filter[0]});
  return std::move(g).finish(out);
}

void expect_swap_matches(const Pair& p) {
  std::mt19937 rng(7);
  Graph reference = resize_then_conv(p, rng);
  Graph swapped = reference;
  ASSERT_EQ(convs_before_upsampling(swapped), 1);
  ASSERT_EQ(swapped.ops.size(), 2u);
  ASSERT_TRUE(std::holds_alternative<Conv2D>(swapped.ops[0].params));
  ASSERT_TRUE(std::holds_alternative<ResizeBilinear>(swapped.ops[1].params));
  EXPECT_EQ(swapped.ops[0].inputs[0], reference.input);
  EXPECT_EQ(swapped.ops[1].inputs[0], swapped.ops[0].output);
  EXPECT_EQ(swapped.ops[1].output, reference.output);
  // The convolution now works at the input's size.
  const Shape& small = swapped.tensors[static_cast<std::size_t>(swapped.ops[0].output)].shape;
  EXPECT_EQ(small, (Shape{1, p.in[1], p.in[2], p.filter[0]}));
  const auto input = random_values(element_count(p.in), rng);
  test::expect_near_all(test::run(std::move(swapped), input), test::run(std::move(reference), input), 1e-5f);
}

TEST(ConvBeforeUpsample, MatchesTheDecodersUpsamplingThenNarrowingConv) {
  // The models' shape: 2x, half-pixel centres, 24 -> 16 channels.
  expect_swap_matches({{1, 5, 7, 24},
                       {.out_h = 10, .out_w = 14, .half_pixel_centers = true},
                       {16, 1, 1, 24},
                       {.padding = Padding::valid}});
}

TEST(ConvBeforeUpsample, MatchesAnAlignCornersResizeToAnOddSize) {
  // Any bilinear resize's weights sum to one: the bias passes through too.
  expect_swap_matches({{1, 3, 4, 6}, {.out_h = 7, .out_w = 5, .align_corners = true}, {6, 1, 1, 6}, {}});
}

void expect_left_alone(Graph g) {
  const std::vector<Op> before = g.ops;
  EXPECT_EQ(convs_before_upsampling(g), 0);
  ASSERT_EQ(g.ops.size(), before.size());
  for (std::size_t k = 0; k < before.size(); ++k) {
    EXPECT_EQ(g.ops[k].params.index(), before[k].params.index());
    EXPECT_EQ(g.ops[k].inputs, before[k].inputs);
    EXPECT_EQ(g.ops[k].output, before[k].output);
  }
}

TEST(ConvBeforeUpsample, LeavesAConvWithAnActivation) {
  std::mt19937 rng(1);
  expect_left_alone(resize_then_conv({{1, 2, 2, 4},
                                      {.out_h = 4, .out_w = 4, .half_pixel_centers = true},
                                      {4, 1, 1, 4},
                                      {.activation = Activation::relu}},
                                     rng));
}

TEST(ConvBeforeUpsample, LeavesAWiderKernel) {
  std::mt19937 rng(2);
  expect_left_alone(
      resize_then_conv({{1, 2, 2, 4}, {.out_h = 4, .out_w = 4, .half_pixel_centers = true}, {4, 3, 3, 4}, {}}, rng));
}

TEST(ConvBeforeUpsample, LeavesAConvThatWidensTheChannels) {
  std::mt19937 rng(3);
  expect_left_alone(
      resize_then_conv({{1, 2, 2, 4}, {.out_h = 4, .out_w = 4, .half_pixel_centers = true}, {8, 1, 1, 4}, {}}, rng));
}

TEST(ConvBeforeUpsample, LeavesAResizeThatAnotherOpReadsToo) {
  std::mt19937 rng(4);
  test::TinyGraph g;
  const int in = g.input({1, 2, 2, 4});
  const int up = g.op(ResizeBilinear{.out_h = 4, .out_w = 4, .half_pixel_centers = true}, {in}, {1, 4, 4, 4});
  const int w = g.constant({4, 1, 1, 4}, random_values(16, rng));
  const int b = g.constant({4}, random_values(4, rng));
  const int conv = g.op(Conv2D{}, {up, w, b}, {1, 4, 4, 4});
  const int out = g.op(Add{}, {conv, up}, {1, 4, 4, 4});
  expect_left_alone(std::move(g).finish(out));
}

// The real models on a random input: three resize + 1x1 pairs each in the
// decoder, and the output as the file's graph gives it.
class SwappedModel : public testing::TestWithParam<const char*> {};

TEST_P(SwappedModel, StaysWithin1e4OfTheFilesGraph) {
  const std::string model = GetParam();
  Graph reference = tflite::load_model_file(resolve_model(model));
  Graph swapped = reference;
  EXPECT_EQ(convs_before_upsampling(swapped), 3) << model << ": the decoder's three upsamplings";
  std::mt19937 rng(5);
  std::uniform_real_distribution<float> unit(0.0f, 1.0f);
  std::vector<float> input(element_count(reference.tensors[static_cast<std::size_t>(reference.input)].shape));
  for (float& v : input) v = unit(rng);
  const auto expected = test::run(std::move(reference), input);
  const auto actual = test::run(std::move(swapped), input);
  ASSERT_EQ(actual.size(), expected.size());
  float worst = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) worst = std::max(worst, std::abs(actual[i] - expected[i]));
  EXPECT_LE(worst, 1e-4f) << model;
}

INSTANTIATE_TEST_SUITE_P(BothModels, SwappedModel, testing::Values("general", "landscape"));

}  // namespace
}  // namespace fakecam::segment
