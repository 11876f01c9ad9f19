// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Test inputs for the media layer: videos made with the ffmpeg CLI from
// frames of known solid colours, and byte-level damage to good files.

#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/core.hpp>

namespace fakecam::media::test {

// Frame i of every generated clip is one solid colour that tells i.
cv::Vec3b clip_colour(int i);

// Writes `frames` frames of clip_colour(i) at `fps` (64x48 unless `size`
// says otherwise) to dir/name with the ffmpeg CLI; `codec_args` are its
// output options ("-c:v", "libx264", ...). Throws if ffmpeg fails.
std::filesystem::path make_clip(const std::filesystem::path& dir, const std::string& name, int frames, double fps,
                                const std::vector<std::string>& codec_args, cv::Size size = {64, 48});

// Writes `frames` (BGR, all of one size) at `fps` to dir/name with the ffmpeg
// CLI and `codec_args` as its output options. Throws if ffmpeg fails.
std::filesystem::path encode_frames(const std::filesystem::path& dir, const std::string& name,
                                    const std::vector<cv::Mat>& frames, double fps,
                                    const std::vector<std::string>& codec_args);

// Runs the ffmpeg (or ffprobe) CLI with `args` after the program name and
// "-loglevel error"; returns what it printed. Throws if it fails.
std::string run_ffmpeg(const std::string& program, const std::vector<std::string>& args);

// The first `bytes` bytes of `from`, written to `to`.
void write_head(const std::filesystem::path& from, const std::filesystem::path& to, std::size_t bytes);

void write_text(const std::filesystem::path& path, const std::string& text);
std::string read_bytes(const std::filesystem::path& path);

// An 80x48 grey picture with a red patch top left, green top right and blue
// bottom left: every EXIF orientation shows it differently.
cv::Mat orientation_picture();

// `image` as a JPEG with EXIF orientation `orientation` (an APP1 segment
// put after SOI), written to dir/turned-N.jpg.
std::filesystem::path jpeg_with_orientation(const std::filesystem::path& dir, const cv::Mat& image, int orientation);

// Whether every pixel of `image` is within `tolerance` of `colour`.
::testing::AssertionResult is_solid(const cv::Mat& image, cv::Vec3b colour, int tolerance);

}  // namespace fakecam::media::test
