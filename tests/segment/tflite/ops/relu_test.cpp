// SPDX-License-Identifier: GPL-3.0-or-later
// RELU: one input, output shaped like it; a second input is refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderRelu, LoadsWithTheInputShape) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 3, 3});
  const int out = b.tensor({1, 2, 3, 3});
  b.unary(Code::RELU, in, out);
  const Graph g = load_model(test::finish_with_mask(b, in, out, 2, 3, 3), "unary");
  EXPECT_TRUE(std::holds_alternative<Relu>(g.ops[0].params));
  EXPECT_EQ(g.ops[0].inputs, std::vector<int>{in});
}

TEST(ModelLoaderRelu, RejectsTwoInputs) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 3, 3});
  const int out = b.tensor({1, 2, 3, 3});
  b.op(b.builtin(Code::RELU), {in, in}, {out});
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, out, 2, 3, 3), "op 0 (RELU)", "has 2 inputs, expected 1");
}

}  // namespace
}  // namespace fakecam::segment
