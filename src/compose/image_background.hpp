#pragma once
// A still background image (-b/--background-image). The file is read once
// (and again on reload()); the copy scaled to the frame is cached and redone
// only when the frame size changes or a new file was loaded.

#include <filesystem>

#include "compose/background.hpp"
#include "compose/compose_settings.hpp"

namespace fakecam::compose {

// Reads an image file as 8-bit BGR for use as a background: grayscale is
// expanded, 16-bit is reduced, and an alpha channel is flattened over
// `matte_bgr` (transparent parts show that colour). Throws Error naming the
// file when it is missing, unreadable or not an image.
cv::Mat load_background_image(const std::filesystem::path& path, cv::Vec3b matte_bgr);

class ImageBackground final : public Background {
 public:
  // Throws Error if the file cannot be used.
  ImageBackground(std::filesystem::path path, ImageFit fit, cv::Vec3b matte_bgr);

  void prepare(const BackgroundInput& input) override;
  const std::uint8_t* row(int y, std::uint8_t*) override { return scaled_.ptr<std::uint8_t>(y); }

  // Reads the file again. On failure the image in use is kept and the result
  // says why (it is also logged as a warning).
  ReloadResult reload() override;

  // Switches to another file, with the same keep-the-old-one-on-failure rule.
  ReloadResult load(const std::filesystem::path& path);

  const cv::Mat& source() const { return source_; }
  // The source fitted to the last prepared frame size (the cache).
  const cv::Mat& scaled() const { return scaled_; }
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
  ImageFit fit_;
  cv::Vec3b matte_;
  cv::Mat source_;  // as loaded, BGR
  cv::Mat scaled_;  // source_ fitted to scaled_.size(); empty = must be redone
};

}  // namespace fakecam::compose
