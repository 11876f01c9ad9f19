// SPDX-License-Identifier: GPL-3.0-or-later
// DEPTHWISE_CONV_2D: the depth multiplier comes from the filter (as in
// TFLite); a filter that is not [1,KH,KW,C*M] is refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderDepthwiseConv2D, MultiplierFollowsTheFilter) {
  TfliteBuilder b;
  const int in = b.tensor({1, 4, 4, 3});
  const int out = b.tensor({1, 4, 4, 6});
  // The option says 1; the filter's 6 channels over 3 inputs say 2.
  b.depthwise_conv_2d(in, b.float_constant({1, 3, 3, 6}, std::vector<float>(54, 0.5f)), -1, out, schema::Padding::SAME,
                      1, 1);
  const Graph g = load_model(test::finish_with_mask(b, in, out, 4, 4, 6), "dw");
  const auto& p = std::get<DepthwiseConv2D>(g.ops[0].params);
  EXPECT_EQ(p.depth_multiplier, 2);
  EXPECT_EQ(p.padding, Padding::same);
  EXPECT_EQ(p.stride_h, 1);
}

TEST(ModelLoaderDepthwiseConv2D, RejectsAFilterThatIsNotDepthwise) {
  TfliteBuilder b;
  const int in = b.tensor({1, 4, 4, 3});
  const int out = b.tensor({1, 4, 4, 3});
  b.depthwise_conv_2d(in, b.float_constant({2, 3, 3, 3}, std::vector<float>(54, 0.5f)), -1, out, schema::Padding::SAME,
                      1, 1);
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, out, 4, 4, 3), "op 0 (DEPTHWISE_CONV_2D)", "[2,3,3,3]",
                    "expected [1,KH,KW,3*M]");
}

}  // namespace
}  // namespace fakecam::segment
