// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reading and writing still images (FFmpeg's decoders and encoders) with
// one-line errors that name the file.

#include <filesystem>
#include <string_view>

#include <opencv2/core.hpp>

namespace fakecam::media {

// Throws Error naming the path when it is missing, a directory ("is a
// directory, not <kind>") or cannot be opened: the errors that say more than
// FFmpeg's "cannot read".
void check_readable(const std::filesystem::path& path, std::string_view kind);

// Reads a still image as 8-bit BGR: grey, 16-bit, palette and alpha are
// converted (alpha dropped), and the EXIF orientation is applied. Throws
// Error naming the path when it is missing, unreadable, not an image (a
// video included) or corrupt.
cv::Mat read_image_bgr(const std::filesystem::path& path);

struct ImageWithAlpha {
  cv::Mat bgr;    // CV_8UC3
  cv::Mat alpha;  // CV_8UC1 of bgr's size (255 = opaque); empty when the file has no alpha channel
};

// read_image_bgr plus the alpha channel of files that have one (PNG, WebP,
// TIFF, BMP...), decoded once.
ImageWithAlpha read_image_with_alpha(const std::filesystem::path& path);

// Writes an 8-bit grey, BGR or BGRA image as PNG (.png), JPEG (.jpg, .jpeg)
// or BMP (.bmp). Throws Error naming the path when the extension is none of
// these, the directory is missing or the file cannot be written.
void write_image(const std::filesystem::path& path, const cv::Mat& image);

}  // namespace fakecam::media
