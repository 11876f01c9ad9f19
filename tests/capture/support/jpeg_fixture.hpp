// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test and benchmark inputs shaped like a webcam's: JPEG encoded with
// TurboJPEG at a chosen chroma subsampling (UVC cameras send 4:2:2, which
// OpenCV's imencode cannot produce), and a picture with real-looking detail.

#include <cstdint>
#include <vector>

#include <opencv2/core.hpp>

namespace fakecam::test {

enum class Chroma { s444, s422, s420 };

std::vector<std::uint8_t> encode_jpeg(const cv::Mat& bgr, int quality, Chroma chroma);

// A JPEG of one flat colour given by its own full-range Y, Cb, Cr: encoded
// from YUV planes, so no colour conversion rounds it, at a quality whose DC
// steps keep a flat block exact.
std::vector<std::uint8_t> flat_jpeg(cv::Size size, cv::Vec3b ycbcr, Chroma chroma);

// A deterministic BGR picture: smooth gradients, saturated colour patches
// (so a swapped channel order shows) and a band of fine texture (so the
// entropy decoder has real work, like a photo).
cv::Mat test_picture(cv::Size size);

// The JPEG without its DHT (Huffman table) segments, as many UVC webcams
// send MJPEG; decoders must fall back to the standard tables.
std::vector<std::uint8_t> strip_huffman_tables(const std::vector<std::uint8_t>& jpeg);

}  // namespace fakecam::test
