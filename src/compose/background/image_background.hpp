// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A still background image (-b/--background-image). The file is read once
// (and again on reload()); the copy scaled to the frame is cached and redone
// only when the frame size changes or a new file was loaded.
//
// reload() and load() do the slow part (decode, scale to the last frame
// size: ~60 ms for a 2560x1600 JPEG) on the thread that calls them - the
// compositor's reload worker - and hand the result to the next prepare(), so
// the processing thread never waits for a file.

#include <filesystem>
#include <mutex>
#include <optional>

#include "compose/background/background.hpp"
#include "compose/compose_settings.hpp"

namespace fakecam::compose {

// Reads an image file as 8-bit BGR for use as a background: grayscale is
// expanded, 16-bit is reduced, and an alpha channel is flattened over
// `matte_bgr` (transparent parts show that colour). Throws Error naming the
// file when it is missing, unreadable, empty or not an image.
cv::Mat load_background_image(const std::filesystem::path& path, cv::Vec3b matte_bgr);

// The alpha channel of an image file with one (PNG, WebP, TIFF...), as
// CV_8UC1; empty when it has none or cannot be read.
cv::Mat read_alpha_channel(const std::filesystem::path& path);

// True when the file starts with a JPEG signature (JPEG has no alpha, and
// EXIF rotation makes its decoded size differ from the raw one).
bool is_jpeg(const std::filesystem::path& path);

class ImageBackground final : public Background {
 public:
  // Throws Error if the file cannot be used.
  ImageBackground(std::filesystem::path path, ImageFit fit, cv::Vec3b matte_bgr);

  void prepare(const BackgroundInput& input) override;
  const std::uint8_t* row(int y, std::uint8_t*) override { return scaled_.ptr<std::uint8_t>(y); }
  bool supports_yuv() const override { return true; }
  void prepare_yuv(const YuvBackgroundInput& input) override;
  const std::uint8_t* yuv_row(YuvPlane plane, int y, std::uint8_t*) override;

  // Reads the file again. On failure the image in use is kept and the result
  // says why (it is also logged as a warning). Thread-safe against
  // prepare()/row(); the new image shows from the next prepare().
  ReloadResult reload() override;

  // Switches to another file, with the same keep-the-old-one-on-failure rule.
  ReloadResult load(const std::filesystem::path& path);

  bool is_still() const override { return true; }
  std::uint64_t version() const override { return version_; }

  // The image in use as loaded, and fitted to the last prepared frame size
  // (the cache; empty after prepare_yuv(), which keeps the YUV planes
  // only). Processing thread only.
  const cv::Mat& source() const { return source_; }
  const cv::Mat& scaled() const { return scaled_; }
  std::filesystem::path path() const;

 private:
  struct Loaded {
    std::filesystem::path path;
    cv::Mat source;
    cv::Mat scaled;  // fitted to the frame size known when it was loaded (may be empty)
  };

  ImageFit fit_;
  cv::Vec3b matte_;
  mutable std::mutex mutex_;    // guards the three below
  std::filesystem::path path_;  // the file in use, or being switched to
  cv::Size frame_size_;         // the last prepared frame size
  std::optional<Loaded> pending_;
  cv::Mat source_;  // as loaded, BGR
  cv::Mat scaled_;  // source_ fitted to scaled_.size() (BGR path; released by prepare_yuv())
  std::uint64_t version_ = 0;
  YuvImage scaled_yuv_;            // scaled_ in YUV, for the YUV path
  cv::Mat yuv_planes_[3];          // its Y, U, V views
  std::uint64_t yuv_version_ = 0;  // version_ scaled_yuv_ was made from

  // Takes a reloaded picture, if any, for frames of `size`.
  void adopt_reloaded(cv::Size size);
  // That, and fit_scaled().
  void fit_to(cv::Size size);
  // Fits the picture to `size` into scaled_ unless it holds that already.
  void fit_scaled(cv::Size size);
};

}  // namespace fakecam::compose
