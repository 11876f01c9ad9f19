// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/image_io.hpp"

#include <cerrno>
#include <fstream>
#include <system_error>

#include "common/error.hpp"
#include "media/image_encoder.hpp"
#include "media/media_reader.hpp"

namespace fakecam::media {

void check_readable(const std::filesystem::path& path, std::string_view kind) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail("{}: no such file", path.string());
  if (std::filesystem::is_directory(path, ec)) fail("{}: is a directory, not {}", path.string(), kind);
  std::ifstream probe(path, std::ios::binary);
  if (!probe) fail("{}: cannot open: {}", path.string(), errno_text(errno));
}

namespace {

[[noreturn]] void fail_unreadable(const std::filesystem::path& path) {
  fail("{}: not a readable image (unknown format or corrupt data)", path.string());
}

}  // namespace

cv::Mat read_image_bgr(const std::filesystem::path& path) { return read_image_with_alpha(path).bgr; }

ImageWithAlpha read_image_with_alpha(const std::filesystem::path& path) {
  check_readable(path, "an image");
  ImageWithAlpha image;
  try {
    MediaReader reader(path);
    if (!reader.is_still()) fail("{}: not a readable image (it is a video)", path.string());
    if (!reader.grab()) fail_unreadable(path);
    if (!reader.has_alpha()) {
      reader.retrieve(image.bgr, PixelFormat::bgr24);
    } else {
      cv::Mat bgra;
      reader.retrieve(bgra, PixelFormat::bgra);
      cv::Mat channels[4];
      cv::split(bgra, channels);
      cv::merge(channels, 3, image.bgr);
      image.alpha = std::move(channels[3]);
    }
  } catch (const OpenError& e) {
    if (e.kind() == OpenError::Kind::too_large) throw;
    fail_unreadable(path);
  }
  if (image.bgr.empty()) fail_unreadable(path);
  return image;
}

void write_image(const std::filesystem::path& path, const cv::Mat& image) {
  const auto codec = image_codec_for(path);
  if (!codec) {
    fail("{}: cannot write image: unknown format '{}' (use .png, .jpg or .bmp)", path.string(),
         path.extension().string());
  }
  const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) {
    fail("{}: cannot write: directory {} does not exist", path.string(), dir.string());
  }
  std::string bytes;
  try {
    bytes = encode_image(image, *codec);
  } catch (const Error& e) {
    fail("{}: cannot write image: {}", path.string(), e.what());
  }
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) fail("{}: cannot write: {}", path.string(), errno_text(errno));
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) fail("{}: cannot write: {} (disk full?)", path.string(), errno_text(errno));
}

}  // namespace fakecam::media
