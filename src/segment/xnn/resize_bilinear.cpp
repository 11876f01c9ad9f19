// SPDX-License-Identifier: GPL-3.0-or-later
// RESIZE_BILINEAR. TFLite's three sampling conventions map onto XNNPACK's
// flags: half_pixel_centers is XNNPACK's default, align_corners has its own
// flag, and neither is TensorFlow's legacy mode.

#include "segment/xnn/ops.hpp"

namespace fakecam::segment::xnn {

namespace {
std::uint32_t resize_flags(const ResizeBilinear& p) {
  if (p.align_corners) return XNN_FLAG_ALIGN_CORNERS;
  if (p.half_pixel_centers) return 0;
  return XNN_FLAG_TENSORFLOW_LEGACY_MODE;
}
}  // namespace

void define_resize_bilinear(SubgraphBuilder& b, const Op& op, const ResizeBilinear& p) {
  check_node(xnn_define_static_resize_bilinear_2d(b.get(), static_cast<std::size_t>(p.out_h),
                                                  static_cast<std::size_t>(p.out_w), b.value(op.inputs[0]),
                                                  b.value(op.output), resize_flags(p)),
             op);
}

}  // namespace fakecam::segment::xnn
