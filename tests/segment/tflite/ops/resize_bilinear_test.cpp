// SPDX-License-Identifier: GPL-3.0-or-later
// RESIZE_BILINEAR: constant size and the two sampling flags read; a size
// that is not (height, width) and both flags at once are refused.

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::Code;
using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoaderResizeBilinear, ReadsSizeAndFlags) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int out = b.tensor({1, 5, 4, 3});
  b.resize_bilinear(in, b.int32_constant({2}, {5, 4}), out, true, false);
  const Graph g = load_model(test::finish_with_mask(b, in, out, 5, 4, 3), "resize");
  const auto& p = std::get<ResizeBilinear>(g.ops[0].params);
  EXPECT_EQ(p.out_h, 5);
  EXPECT_EQ(p.out_w, 4);
  EXPECT_TRUE(p.align_corners);
  EXPECT_FALSE(p.half_pixel_centers);
}

TEST(ModelLoaderResizeBilinear, RejectsBadSizeAndFlags) {
  {
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 4, 4, 3});
    b.resize_bilinear(in, b.int32_constant({3}, {4, 4, 4}), out, false, true);
    EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, out, 4, 4, 3), "op 0 (RESIZE_BILINEAR)", "size must hold 2 values",
                      "found 3");
  }
  {
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 4, 4, 3});
    b.resize_bilinear(in, b.int32_constant({2}, {4, 4}), out, true, true);
    EXPECT_LOAD_ERROR(test::finish_with_mask(b, in, out, 4, 4, 3),
                      "align_corners and half_pixel_centers cannot both be set");
  }
}

}  // namespace
}  // namespace fakecam::segment
