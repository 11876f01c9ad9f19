// SPDX-License-Identifier: GPL-3.0-or-later
// CONV_2D: options and the zero bias read; filter, bias and output shapes
// that disagree, and fused activations XNNPACK cannot run, are refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderConv2D, ReadsOptionsAndMakesTheOmittedBias) {
  TfliteBuilder b;
  const int in = b.tensor({1, 4, 4, 3});
  const int out = b.tensor({1, 2, 2, 2});
  b.conv_2d(in, b.float_constant({2, 3, 3, 3}, std::vector<float>(54, 1.0f)), -1, out, schema::Padding::SAME, 2,
            schema::ActivationFunctionType::RELU);
  const Graph g = load_model(test::finish_with_mask(b, in, out, 2, 2, 2), "conv");
  const auto& p = std::get<Conv2D>(g.ops[0].params);
  EXPECT_EQ(p.padding, Padding::same);
  EXPECT_EQ(p.stride_h, 2);
  EXPECT_EQ(p.stride_w, 2);
  EXPECT_EQ(p.dilation_h, 1);
  EXPECT_EQ(p.activation, Activation::relu);
  EXPECT_EQ(g.tensors[static_cast<std::size_t>(g.ops[0].inputs[2])].data, std::vector<float>(2, 0.0f));
}

TEST(ModelLoaderConv2D, RejectsInconsistentShapes) {
  {  // Output channels disagree with the filter.
    TfliteBuilder b;
    const int in = b.tensor({1, 4, 4, 3});
    const int out = b.tensor({1, 4, 4, 1});
    b.conv_2d(in, b.float_constant({2, 3, 3, 3}, std::vector<float>(54, 1.0f)), -1, out, schema::Padding::SAME, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (CONV_2D)", "has shape [1,4,4,1], but the inputs give [1,4,4,2]");
  }
  {  // Filter input channels disagree with the input.
    TfliteBuilder b;
    const int in = b.tensor({1, 4, 4, 3});
    const int out = b.tensor({1, 4, 4, 1});
    b.conv_2d(in, b.float_constant({1, 3, 3, 2}, std::vector<float>(18, 1.0f)), -1, out, schema::Padding::SAME, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (CONV_2D)", "filter", "[1,3,3,2]", "expected [O,KH,KW,3]");
  }
  {  // Bias of the wrong length.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 1});
    // Made one by one: the message names tensor numbers, and the order in
    // which a call's arguments run differs between compilers (gcc, clang).
    const int filter = b.float_constant({1, 1, 1, 3}, {1, 1, 1});
    const int bias = b.float_constant({2}, {0, 0});
    b.conv_2d(in, filter, bias, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "bias 3 't3' has shape [2], expected [1]");
  }
  {  // A VALID filter larger than the input leaves nothing.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 1, 1, 1});
    b.conv_2d(in, b.float_constant({1, 3, 3, 3}, std::vector<float>(27, 1.0f)), -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "output would be empty");
  }
}

TEST(ModelLoaderConv2D, RejectsUnsupportedFusedActivation) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int out = b.tensor({1, 2, 2, 1});
  b.conv_2d(in, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, out, schema::Padding::VALID, 1,
            schema::ActivationFunctionType::TANH);
  EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (CONV_2D)", "fused activation 4 is not supported");
}

}  // namespace
}  // namespace fakecam::segment
