// SPDX-License-Identifier: GPL-3.0-or-later
// MEAN: only over height and width (axes 1, 2, negative ones counted from
// the end), keep_dims or not; other axes and non-constant axes are refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderMean, OverHeightAndWidthWithoutKeepDims) {
  // [1,2,2,3] -> MEAN(-3, -2) -> [1,3], broadcast back by ADD.
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int mean = b.tensor({1, 3});
  b.mean(in, b.int32_constant({2}, {-2, -3}), mean, false);
  const int sum = b.tensor({1, 2, 2, 3});
  b.add(in, mean, sum);
  const Graph g = load_model(test::finish_with_mask(b, in, sum, 2, 2, 3), "mean");
  EXPECT_FALSE(std::get<MeanHW>(g.ops[0].params).keep_dims);
}

TEST(ModelLoaderMean, RejectsOtherAxes) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int out = b.tensor({1, 2, 2, 1});
  b.mean(in, b.int32_constant({1}, {3}), out, true);
  EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (MEAN)", "only the mean over height and width");
}

TEST(ModelLoaderMean, RejectsAxesComputedAtRunTime) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int out = b.tensor({1, 1, 1, 3});
  b.mean(in, in, out, true);
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, out, 1, 1, 3), "op 0 (MEAN)",
                    "axes tensor 0 't0' must be a constant INT32 vector");
}

}  // namespace
}  // namespace fakecam::segment
