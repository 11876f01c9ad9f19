// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// YuvImage frames (I420, BT.601 limited range: common/yuv_image.hpp) to the
// byte layouts virtual cameras take, written straight into the destination
// buffer (a driver's mmap'ed buffer, a PipeWire buffer or a write buffer).
//
// The YUV layouts are the frame's own samples repacked, no colour maths: the
// frame is already in the colour convention every sink writes
// (output/bgr_converter.hpp). YUYV is 4:2:2, so each chroma row of the 4:2:0
// frame is used for both luma rows it covers (libyuv's I420ToYUY2). Packed
// RGB goes through libyuv's BT.601 limited-range decoder, the one
// yuv_to_bgr() uses.

#include <cstddef>
#include <cstdint>

#include "common/yuv_image.hpp"
#include "output/bgr_converter.hpp"
#include "output/frame_layout.hpp"

namespace fakecam::output {

// Writes `frame` as `layout` (YUYV, I420 or NV12, any strides) at `dst`,
// which holds at least layout.size bytes; row padding is left untouched.
// Throws Error if the frame's size is not the layout's.
void yuv_to_layout(const YuvImage& frame, const FrameLayout& layout, std::uint8_t* dst);

// Writes `frame` as packed 24-bit rows `dst_stride` bytes apart (akvcam pads
// rows to 4 bytes); the padding bytes are left untouched.
void yuv_to_rgb24(const YuvImage& frame, Rgb24Order order, std::uint8_t* dst, std::size_t dst_stride);

}  // namespace fakecam::output
