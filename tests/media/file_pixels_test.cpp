// SPDX-License-Identifier: GPL-3.0-or-later
// Decoded files, pixel by pixel, at widths that are not multiples of 8
// (1, 2, 3, 33, 642, 854, 1366) and odd heights. FFmpeg 5.1's x86 YUV -> BGR
// fast path left the last 2-6 columns of such pictures unwritten (black or
// stale memory); every pixel is compared here with a reference made
// independently: the decoder's own YUV planes (an "ffmpeg -f rawvideo" dump)
// through the BT.601/709 equations, or the source pixels of lossless files.
// Each file is read twice in one process and must decode the same.

#include <gtest/gtest.h>

#include <cctype>
#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "media/image_io.hpp"
#include "media/media_files.hpp"
#include "media/media_reader.hpp"
#include "media/yuv_reference.hpp"
#include "support/test_paths.hpp"

namespace fakecam::media {
namespace {

using test::YuvColour;

enum class Reference {
  source,      // lossless: the pixels that were encoded
  yuv_planes,  // lossy: the decoder's YUV planes through the equations
};

struct FileCase {
  std::string label;
  std::string extension;
  std::vector<std::string> codec_args;
  cv::Size size;
  Reference reference;
  std::string decoded_format;  // what FFmpeg's decoder gives (checked with ffprobe)
  int shift_x = 0, shift_y = 0;
  YuvColour colour;
  bool video = false;
};

// A strong per-column luma pattern (a wrong, black or stale column is tens
// of levels off) on a smooth colour tint (chroma changes slowly, so chroma
// upsampling choices barely matter), away from 0 and 255 so that nothing
// clips. Adding one number to B, G and R changes luma only.
cv::Mat test_picture(cv::Size size) {
  cv::Mat picture(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      const double luma = 70 + (x * 37 + y * 11) % 100;
      const double tint_b = 30 * std::sin(x / 60.0 + y / 45.0), tint_r = 30 * std::cos(x / 80.0 - y / 50.0);
      picture.at<cv::Vec3b>(y, x) = {cv::saturate_cast<std::uint8_t>(luma + tint_b),
                                     cv::saturate_cast<std::uint8_t>(luma),
                                     cv::saturate_cast<std::uint8_t>(luma + tint_r)};
    }
  }
  return picture;
}

// For gtest's listings: the label and size, not the struct's bytes.
void PrintTo(const FileCase& c, std::ostream* os) { *os << c.label << " " << c.size.width << "x" << c.size.height; }

std::string case_name(const ::testing::TestParamInfo<FileCase>& info) {
  std::string name = fmt::format("{}_{}x{}", info.param.label, info.param.size.width, info.param.size.height);
  for (char& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

cv::Mat decode_first(const FileCase& c, const std::filesystem::path& path) {
  if (!c.video) return read_image_bgr(path);
  MediaReader reader(path);
  cv::Mat frame;
  if (!reader.read(frame)) ADD_FAILURE() << path << ": no first frame";
  return frame;
}

// The reference picture, and the tolerance that the equations' rounding in
// a fast integer converter needs (far below what a wrong column is off by).
std::pair<cv::Mat, int> reference_for(const FileCase& c, const std::filesystem::path& path, const cv::Mat& source) {
  if (c.reference == Reference::source) return {source, 0};
  const auto dump = path.string() + ".yuv";
  test::run_ffmpeg("ffmpeg",
                   {"-y", "-i", path.string(), "-frames:v", "1", "-f", "rawvideo", "-pix_fmt", c.decoded_format, dump});
  const auto planes = test::read_yuv_planes(dump, c.size.width, c.size.height, c.shift_x, c.shift_y);
  return {test::reference_bgr(planes, c.colour), 3};
}

class FilePixels : public ::testing::TestWithParam<FileCase> {};

TEST_P(FilePixels, EveryPixelMatchesTheReferenceAndRepeats) {
  const FileCase& c = GetParam();
  const auto dir = fakecam::test::scratch_dir("media-file-pixels");
  const std::string name = case_name({c, 0}) + c.extension;
  const cv::Mat source = test_picture(c.size);
  const std::vector<cv::Mat> frames(c.video ? 2 : 1, source);
  std::vector<std::string> args = c.codec_args;
  if (!c.video) args.insert(args.begin(), {"-frames:v", "1", "-update", "1"});
  const auto path = test::encode_frames(dir, name, frames, 10, args);

  // The file is what this case means to test (the decoder's pixel format).
  const std::string probed = test::run_ffmpeg(
      "ffprobe", {"-select_streams", "v:0", "-show_entries", "stream=pix_fmt", "-of", "csv=p=0", path.string()});
  ASSERT_EQ(probed.substr(0, probed.find_first_of("\r\n")), c.decoded_format);

  const auto [expected, tolerance] = reference_for(c, path, source);
  const cv::Mat first = decode_first(c, path);
  const cv::Mat second = decode_first(c, path);
  EXPECT_TRUE(test::near_everywhere(first, expected, tolerance)) << path;
  EXPECT_TRUE(test::identical(first, second)) << path << " decoded twice";
}

const YuvColour kJpegColour{false, true};    // BT.601, full range
const YuvColour kVideoColour{false, false};  // BT.601, limited range (untagged, or tagged so)

std::vector<FileCase> file_cases() {
  // Widths that are not multiples of 8, and 2; odd and even heights (the
  // broken fast path ran for even heights only).
  const std::vector<cv::Size> any_sizes = {{1, 1},    {2, 3},     {3, 2},    {33, 7},
                                           {642, 10}, {854, 480}, {1366, 5}, {1366, 8}};
  const std::vector<cv::Size> even_sizes = {{2, 2}, {642, 10}, {854, 480}, {1366, 8}};
  const std::vector<cv::Size> odd_sizes = {{1, 1}, {3, 5}, {33, 7}, {1366, 5}};
  std::vector<FileCase> cases;
  for (const cv::Size size : any_sizes) {
    cases.push_back({"jpeg420",
                     ".jpg",
                     {"-pix_fmt", "yuvj420p", "-q:v", "3"},
                     size,
                     Reference::yuv_planes,
                     "yuvj420p",
                     1,
                     1,
                     kJpegColour});
    cases.push_back({"jpeg422",
                     ".jpg",
                     {"-pix_fmt", "yuvj422p", "-q:v", "3"},
                     size,
                     Reference::yuv_planes,
                     "yuvj422p",
                     1,
                     0,
                     kJpegColour});
    cases.push_back({"png", ".png", {"-pix_fmt", "rgb24"}, size, Reference::source, "rgb24", 0, 0, {}});
    cases.push_back({"webp",
                     ".webp",
                     {"-c:v", "libwebp", "-quality", "90"},
                     size,
                     Reference::yuv_planes,
                     "yuv420p",
                     1,
                     1,
                     kVideoColour});
    cases.push_back(
        {"webp_lossless", ".webp", {"-c:v", "libwebp", "-lossless", "1"}, size, Reference::source, "argb", 0, 0, {}});
  }
  for (const cv::Size size : even_sizes) {
    cases.push_back({"h264_420",
                     ".mp4",
                     {"-c:v", "libx264", "-pix_fmt", "yuv420p", "-crf", "18"},
                     size,
                     Reference::yuv_planes,
                     "yuv420p",
                     1,
                     1,
                     kVideoColour,
                     true});
  }
  for (const cv::Size size : odd_sizes) {
    cases.push_back({"h264_444",
                     ".mp4",
                     {"-c:v", "libx264", "-pix_fmt", "yuv444p", "-crf", "18"},
                     size,
                     Reference::yuv_planes,
                     "yuv444p",
                     0,
                     0,
                     kVideoColour,
                     true});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(MediaFiles, FilePixels, ::testing::ValuesIn(file_cases()), case_name);

}  // namespace
}  // namespace fakecam::media
