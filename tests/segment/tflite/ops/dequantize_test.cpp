// SPDX-License-Identifier: GPL-3.0-or-later
// DEQUANTIZE: FLOAT16 constants become float32 weights at load time (exact,
// subnormals and signed zero included); non-finite or run-time inputs are refused.

#include <cmath>

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderDequantize, Float16ConstantBecomesFloat32) {
  // 1, -2, 0.333251953125 (0x3555), 65504 (largest half), 2^-24 (smallest
  // subnormal), -0, as the filter [1,1,1,6] of a depthwise conv (multiplier 2).
  TfliteBuilder c;
  const int in = c.tensor({1, 1, 1, 3});
  const int h = c.half_constant({1, 1, 1, 6}, {0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x8000});
  const int f = c.tensor({1, 1, 1, 6});
  c.unary(Code::DEQUANTIZE, h, f);
  const int out6 = c.tensor({1, 1, 1, 6});
  c.depthwise_conv_2d(in, f, -1, out6, schema::Padding::VALID, 1, 2);
  const Graph g = load_model(test::finish_with_mask(c, in, out6, 1, 1, 6), "half");
  ASSERT_EQ(g.ops.size(), 2u);
  const Tensor& filter = g.tensors[static_cast<std::size_t>(g.ops[0].inputs[1])];
  EXPECT_EQ(filter.shape, (Shape{1, 1, 1, 6}));
  ASSERT_EQ(filter.data.size(), 6u);
  EXPECT_EQ(filter.data[0], 1.0f);
  EXPECT_EQ(filter.data[1], -2.0f);
  EXPECT_EQ(filter.data[2], 0.333251953125f);
  EXPECT_EQ(filter.data[3], 65504.0f);
  EXPECT_EQ(filter.data[4], std::ldexp(1.0f, -24));
  EXPECT_EQ(filter.data[5], 0.0f);
  EXPECT_TRUE(std::signbit(filter.data[5]));
  // The omitted bias (-1) became zeros of the output's channel count.
  const Tensor& bias = g.tensors[static_cast<std::size_t>(g.ops[0].inputs[2])];
  EXPECT_EQ(bias.data, std::vector<float>(6, 0.0f));
}

TEST(ModelLoaderDequantize, RejectsNonFiniteFloat16Constant) {
  TfliteBuilder b;
  const int in = b.tensor({1, 1, 1, 3});
  const int h = b.half_constant({1, 1, 1, 3}, {0x3c00, 0x7c00 /* +inf */, 0});
  const int f = b.tensor({1, 1, 1, 3});
  b.unary(Code::DEQUANTIZE, h, f);
  const int out = b.tensor({1, 1, 1, 1});
  b.conv_2d(in, f, -1, out, schema::Padding::VALID, 1);
  EXPECT_LOAD_ERROR(b.finish(in, out), "non-finite", "inf");
}

TEST(ModelLoaderDequantize, RejectsRunTimeInput) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int f = b.tensor({1, 2, 2, 3});
  b.unary(Code::DEQUANTIZE, in, f);
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, f, 2, 2, 3), "op 0 (DEQUANTIZE)",
                    "only constant FLOAT16 inputs are supported", "FLOAT32 computed at run time");
}

}  // namespace
}  // namespace fakecam::segment
