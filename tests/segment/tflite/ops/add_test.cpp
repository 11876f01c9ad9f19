// SPDX-License-Identifier: GPL-3.0-or-later
// ADD: NumPy broadcasting; shapes that do not broadcast and inputs no
// operator produced are refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderAdd, BroadcastsAPerChannelTerm) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int pooled = b.tensor({1, 1, 1, 3});
  b.average_pool_2d(in, pooled, schema::Padding::VALID, 2, 2, 1);
  const int sum = b.tensor({1, 2, 2, 3});
  b.add(in, pooled, sum);
  const Graph g = load_model(test::finish_with_mask(b, in, sum, 2, 2, 3), "add");
  ASSERT_TRUE(std::holds_alternative<Add>(g.ops[1].params));
  EXPECT_EQ(std::get<Add>(g.ops[1].params).activation, Activation::none);
}

TEST(ModelLoaderAdd, RejectsShapesThatDoNotBroadcast) {
  TfliteBuilder b;
  const int in = b.tensor({1, 4, 4, 3});
  const int pooled = b.tensor({1, 2, 2, 3});
  b.average_pool_2d(in, pooled, schema::Padding::VALID, 2, 2, 2);
  const int sum = b.tensor({1, 4, 4, 3});
  b.add(in, pooled, sum);
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, sum, 4, 4, 3), "op 1 (ADD)",
                    "shapes [1,4,4,3] and [1,2,2,3] do not broadcast");
}

TEST(ModelLoaderAdd, RejectsAnInputNoOperatorProduced) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int ghost = b.tensor({1, 2, 2, 3});
  const int out = b.tensor({1, 2, 2, 3});
  b.add(in, ghost, out);
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, out, 2, 2, 3), "op 0 (ADD)",
                    "reads tensor 1 't1' before any operator produced it");
}

}  // namespace
}  // namespace fakecam::segment
