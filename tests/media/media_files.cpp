// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/media_files.hpp"

#include <fstream>
#include <iterator>
#include <stdexcept>

#include <fmt/format.h>
#include <opencv2/imgcodecs.hpp>

#include "support/run_command.hpp"

namespace fakecam::media::test {

cv::Vec3b clip_colour(int i) {
  // Far apart in every channel, and far from the extremes chroma
  // subsampling and limited range would clip.
  static const cv::Vec3b colours[] = {{40, 40, 200},  {40, 200, 40},   {200, 40, 40}, {200, 200, 40},  {40, 200, 200},
                                      {200, 40, 200}, {120, 120, 120}, {60, 60, 60},  {190, 190, 190}, {90, 150, 210}};
  return colours[i % 10];
}

std::filesystem::path make_clip(const std::filesystem::path& dir, const std::string& name, int frames, double fps,
                                const std::vector<std::string>& codec_args, cv::Size size) {
  std::vector<cv::Mat> pictures;
  for (int i = 0; i < frames; ++i) {
    pictures.emplace_back(size, CV_8UC3, cv::Scalar(clip_colour(i)[0], clip_colour(i)[1], clip_colour(i)[2]));
  }
  return encode_frames(dir, name, pictures, fps, codec_args);
}

std::filesystem::path encode_frames(const std::filesystem::path& dir, const std::string& name,
                                    const std::vector<cv::Mat>& frames, double fps,
                                    const std::vector<std::string>& codec_args) {
  if (frames.empty()) throw std::runtime_error("encode_frames: no frames for " + name);
  const cv::Size size = frames.front().size();
  const auto raw = dir / (name + ".bgr");
  {
    std::ofstream out(raw, std::ios::binary);
    for (const cv::Mat& frame : frames) {
      const cv::Mat packed = frame.isContinuous() ? frame : frame.clone();
      out.write(reinterpret_cast<const char*>(packed.data), static_cast<std::streamsize>(packed.total() * 3));
    }
  }
  const auto path = dir / name;
  std::vector<std::string> args = {"-y",
                                   "-f",
                                   "rawvideo",
                                   "-pix_fmt",
                                   "bgr24",
                                   "-s",
                                   fmt::format("{}x{}", size.width, size.height),
                                   "-r",
                                   fmt::format("{}", fps),
                                   "-i",
                                   raw.string()};
  args.insert(args.end(), codec_args.begin(), codec_args.end());
  args.push_back(path.string());
  run_ffmpeg("ffmpeg", args);
  std::filesystem::remove(raw);
  return path;
}

std::string run_ffmpeg(const std::string& program, const std::vector<std::string>& args) {
  std::vector<std::string> argv = {"/usr/bin/" + program, "-loglevel", "error"};
  if (program == "ffmpeg") argv.push_back("-nostdin");
  argv.insert(argv.end(), args.begin(), args.end());
  const auto result = fakecam::test::run_command(argv, 120);
  if (result.exit_code != 0) {
    std::string command;
    for (const auto& a : argv) command += " " + a;
    throw std::runtime_error(program + " failed:" + command + ": " + result.err);
  }
  return result.out;
}

void write_head(const std::filesystem::path& from, const std::filesystem::path& to, std::size_t bytes) {
  const std::string all = read_bytes(from);
  std::ofstream(to, std::ios::binary) << all.substr(0, bytes);
}

void write_text(const std::filesystem::path& path, const std::string& text) { std::ofstream(path) << text; }

std::string read_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

::testing::AssertionResult is_solid(const cv::Mat& image, cv::Vec3b colour, int tolerance) {
  if (image.empty() || image.type() != CV_8UC3) return ::testing::AssertionFailure() << "not a BGR image";
  for (int y = 0; y < image.rows; ++y) {
    for (int x = 0; x < image.cols; ++x) {
      const cv::Vec3b p = image.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) {
        if (std::abs(p[c] - colour[c]) > tolerance) {
          return ::testing::AssertionFailure()
                 << "pixel (" << x << "," << y << ") is " << p << ", expected " << colour << " +-" << tolerance;
        }
      }
    }
  }
  return ::testing::AssertionSuccess();
}

cv::Mat orientation_picture() {
  cv::Mat image(48, 80, CV_8UC3, cv::Scalar(128, 128, 128));
  image(cv::Rect(0, 0, 24, 16)).setTo(cv::Scalar(0, 0, 255));   // red top left
  image(cv::Rect(56, 0, 24, 16)).setTo(cv::Scalar(0, 255, 0));  // green top right
  image(cv::Rect(0, 32, 24, 16)).setTo(cv::Scalar(255, 0, 0));  // blue bottom left
  return image;
}

std::filesystem::path jpeg_with_orientation(const std::filesystem::path& dir, const cv::Mat& image, int orientation) {
  const auto plain = dir / "plain.jpg";
  if (!cv::imwrite(plain.string(), image, {cv::IMWRITE_JPEG_QUALITY, 98})) throw std::runtime_error("imwrite");
  const std::string jpeg = read_bytes(plain);
  // Exif\0\0, TIFF little-endian header, IFD0 with one entry: 0x0112 SHORT 1.
  const unsigned char tiff[] = {'E', 'x',  'i',  'f', 0,
                                0,   'I',  'I',  42,  0,
                                8,   0,    0,    0,   1,
                                0,   0x12, 0x01, 3,   0,
                                1,   0,    0,    0,   static_cast<unsigned char>(orientation),
                                0,   0,    0,    0,   0,
                                0,   0};
  const std::size_t length = sizeof tiff + 2;
  std::string app1 = {'\xFF', '\xE1', static_cast<char>(length >> 8), static_cast<char>(length & 0xFF)};
  app1.append(reinterpret_cast<const char*>(tiff), sizeof tiff);
  const auto path = dir / ("turned-" + std::to_string(orientation) + ".jpg");
  std::ofstream(path, std::ios::binary) << jpeg.substr(0, 2) + app1 + jpeg.substr(2);
  return path;
}

}  // namespace fakecam::media::test
