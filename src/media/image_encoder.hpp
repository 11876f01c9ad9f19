// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Still images to PNG, JPEG or BMP bytes with FFmpeg's encoders (an encoded
// picture of these codecs is the whole file).

#include <filesystem>
#include <optional>
#include <string>

#include <opencv2/core.hpp>

namespace fakecam::media {

enum class ImageCodec { png, jpeg, bmp };

// By extension, case-insensitively: .png, .jpg/.jpeg/.jpe, .bmp; nullopt otherwise.
std::optional<ImageCodec> image_codec_for(const std::filesystem::path& path);

// Encodes an 8-bit 1-, 3- (BGR) or 4-channel (BGRA) image. PNG keeps grey
// and alpha; JPEG (quality ~95, full-range 4:2:0) drops alpha. Throws Error
// (without a file name: the caller adds it) for other pixel types.
std::string encode_image(const cv::Mat& image, ImageCodec codec);

}  // namespace fakecam::media
