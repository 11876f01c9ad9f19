// SPDX-License-Identifier: GPL-3.0-or-later
// MUL: broadcasting (the squeeze-excite scale) and the output shape it gives.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderMul, BroadcastsAPerChannelScale) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int pooled = b.tensor({1, 1, 1, 3});
  b.average_pool_2d(in, pooled, schema::Padding::VALID, 2, 2, 1);
  const int scaled = b.tensor({1, 2, 2, 3});
  b.mul(pooled, in, scaled);
  const Graph g = load_model(test::finish_with_mask(b, in, scaled, 2, 2, 3), "mul");
  EXPECT_TRUE(std::holds_alternative<Mul>(g.ops[1].params));
}

TEST(ModelLoaderMul, RejectsAnOutputOfTheWrongShape) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int pooled = b.tensor({1, 1, 1, 3});
  b.average_pool_2d(in, pooled, schema::Padding::VALID, 2, 2, 1);
  const int scaled = b.tensor({1, 1, 1, 3});
  b.mul(pooled, in, scaled);
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, scaled, 1, 1, 3), "op 1 (MUL)",
                    "has shape [1,1,1,3], but the inputs give [1,2,2,3]");
}

}  // namespace
}  // namespace fakecam::segment
