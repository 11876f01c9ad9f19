// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// OpenCV BGR frames to the byte layouts virtual cameras take, written straight
// into the destination buffer (a driver's mmap'ed buffer or a write buffer).
//
// Colour: ITU-R BT.601 with limited ("studio", "TV") range, Y in 16..235 and
// Cb/Cr in 16..240. That is what webcams deliver and what browsers (Chrome,
// Firefox) and conferencing apps assume for a V4L2 camera's YUYV/I420/NV12
// when nothing else is signalled. libyuv's plain RGB24To*/ARGBTo* functions
// use exactly these coefficients (its J* variants are full range, not used).
// libyuv names formats by little-endian word order: its "RGB24" is B,G,R in
// memory, i.e. OpenCV's BGR; its "RAW" is R,G,B in memory.
//
// Chroma siting: 4:2:0 chroma is the mean of each 2x2 block (centred between
// the four luma samples, as in JPEG/MPEG-1); 4:2:2 chroma is the mean of each
// horizontal pair.

#include <cstddef>
#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

#include "output/frame_layout.hpp"

namespace fakecam::output {

class BgrConverter {
 public:
  // Scratch memory for `layout` is allocated here, none per frame.
  explicit BgrConverter(const FrameLayout& layout);

  const FrameLayout& layout() const { return layout_; }

  // `bgr`: CV_8UC3 of the layout's size (any row step). `dst`: at least
  // layout().size bytes.
  void convert(const cv::Mat& bgr, std::uint8_t* dst);

 private:
  FrameLayout layout_;
  std::vector<std::uint8_t> argb_band_;  // YUYV: a few rows of ARGB, kept in cache
  std::vector<std::uint8_t> u_plane_;    // NV12: chroma before interleaving
  std::vector<std::uint8_t> v_plane_;
};

// The packed 24-bit RGB formats akvcam accepts on its output devices.
enum class Rgb24Order {
  rgb,  // V4L2_PIX_FMT_RGB24 ('RGB3'): R,G,B in memory (akvcam's default "RGB24")
  bgr,  // V4L2_PIX_FMT_BGR24 ('BGR3'): B,G,R in memory
};

// Writes `bgr` (CV_8UC3) as packed 24-bit rows `dst_stride` bytes apart
// (akvcam pads rows to 4 bytes); the padding bytes are left untouched.
void bgr_to_rgb24(const cv::Mat& bgr, Rgb24Order order, std::uint8_t* dst, std::size_t dst_stride);

}  // namespace fakecam::output
