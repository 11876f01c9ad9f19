// SPDX-License-Identifier: GPL-3.0-or-later
// AVERAGE_POOL_2D: window and stride read; a 1x1 window with a stride
// (XNNPACK cannot run it) and missing options are refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderAveragePool2D, ReadsWindowAndStride) {
  TfliteBuilder b;
  const int in = b.tensor({1, 5, 5, 3});
  const int out = b.tensor({1, 2, 2, 3});
  b.average_pool_2d(in, out, schema::Padding::VALID, 3, 2, 2);
  const Graph g = load_model(test::finish_with_mask(b, in, out, 2, 2, 3), "pool");
  const auto& p = std::get<AveragePool2D>(g.ops[0].params);
  EXPECT_EQ(p.padding, Padding::valid);
  EXPECT_EQ(p.filter_h, 3);
  EXPECT_EQ(p.filter_w, 2);
  EXPECT_EQ(p.stride_h, 2);
}

TEST(ModelLoaderAveragePool2D, RejectsStrided1x1Window) {
  TfliteBuilder b;
  const int in = b.tensor({1, 4, 4, 3});
  const int pooled = b.tensor({1, 2, 2, 3});
  b.average_pool_2d(in, pooled, schema::Padding::VALID, 1, 1, 2);
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, pooled, 2, 2, 3), "op 0 (AVERAGE_POOL_2D)",
                    "1x1 window with stride 2x2 is not supported");
}

TEST(ModelLoaderAveragePool2D, RejectsMissingOptions) {
  TfliteBuilder b;
  const int in = b.tensor({1, 4, 4, 3});
  const int pooled = b.tensor({1, 2, 2, 3});
  b.op(b.builtin(Code::AVERAGE_POOL_2D), {in}, {pooled});
  EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, pooled, 2, 2, 3), "op 0 (AVERAGE_POOL_2D)",
                    "builtin options are missing or of the wrong kind");
}

}  // namespace
}  // namespace fakecam::segment
