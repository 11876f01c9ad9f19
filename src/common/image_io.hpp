#pragma once
// Reading and writing still images with errors that name the file.

#include <filesystem>

#include <opencv2/core.hpp>

namespace fakecam {

// Reads a colour image as 8-bit BGR (grayscale and alpha are converted).
// Throws Error naming the path when it is missing, unreadable or not an image.
cv::Mat read_image_bgr(const std::filesystem::path& path);

// Writes any 8-bit image; the format follows the extension. Throws Error
// naming the path when the format is unknown or the file cannot be written.
void write_image(const std::filesystem::path& path, const cv::Mat& image);

}  // namespace fakecam
