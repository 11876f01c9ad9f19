// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/image_background.hpp"

#include <fstream>

#include "common/error.hpp"
#include "common/log.hpp"
#include "compose/background/image_fit.hpp"
#include "media/image_io.hpp"

namespace fakecam::compose {

bool is_jpeg(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char magic[3] = {};
  in.read(reinterpret_cast<char*>(magic), sizeof magic);
  return in && magic[0] == 0xFF && magic[1] == 0xD8 && magic[2] == 0xFF;
}

cv::Mat read_alpha_channel(const std::filesystem::path& path) {
  try {
    return media::read_image_with_alpha(path).alpha;
  } catch (const Error&) {
    return {};
  }
}

namespace {

// out = image * a + matte * (1 - a), once per load, so float is fine here.
void flatten_over(cv::Mat& image, const cv::Mat& alpha, cv::Vec3b matte) {
  cv::Mat a;
  alpha.convertTo(a, CV_32F, 1.0 / 255.0);
  cv::Mat a3;
  cv::merge(std::vector<cv::Mat>{a, a, a}, a3);
  cv::Mat img;
  image.convertTo(img, CV_32FC3);
  const cv::Mat matte_img(image.size(), CV_32FC3, cv::Scalar(matte[0], matte[1], matte[2]));
  cv::Mat blended = img.mul(a3) + matte_img.mul(cv::Scalar::all(1.0) - a3);
  blended.convertTo(image, CV_8UC3);
}

}  // namespace

cv::Mat load_background_image(const std::filesystem::path& path, cv::Vec3b matte_bgr) {
  // The reader gives good errors, converts grayscale and 16-bit, and applies
  // the EXIF orientation to the picture and its alpha alike.
  media::ImageWithAlpha decoded = media::read_image_with_alpha(path);
  cv::Mat image = std::move(decoded.bgr);
  if (!decoded.alpha.empty()) flatten_over(image, decoded.alpha, matte_bgr);
  if (image.type() != CV_8UC3) fail("{}: unsupported pixel format after decoding", path.string());
  if (image.empty() || image.cols < 1 || image.rows < 1) fail("{}: the image has no pixels", path.string());
  return image;
}

ImageBackground::ImageBackground(std::filesystem::path path, ImageFit fit, cv::Vec3b matte_bgr)
    : fit_(fit), matte_(matte_bgr), path_(std::move(path)) {
  source_ = load_background_image(path_, matte_);
  spdlog::info("background image {} ({}x{})", path_.string(), source_.cols, source_.rows);
}

std::filesystem::path ImageBackground::path() const {
  std::lock_guard lock(mutex_);
  return path_;
}

void ImageBackground::prepare(const BackgroundInput& input) { fit_to(input.frame.size()); }

void ImageBackground::prepare_yuv(const YuvBackgroundInput& input) {
  const cv::Size size = input.frame.size();
  adopt_reloaded(size);
  // Converted once per picture and frame size, not per frame.
  if (yuv_version_ == version_ && !scaled_yuv_.empty() && scaled_yuv_.size() == size) return;
  fit_scaled(size);
  bgr_to_yuv(scaled_, scaled_yuv_);
  yuv_planes_[0] = scaled_yuv_.y();
  yuv_planes_[1] = scaled_yuv_.u();
  yuv_planes_[2] = scaled_yuv_.v();
  yuv_version_ = version_;
  // The YUV path reads the planes only: the BGR copy goes (2.8 MB at 720p,
  // for as long as the picture shows). A BGR frame fits it again.
  scaled_.release();
}

const std::uint8_t* ImageBackground::yuv_row(YuvPlane plane, int y, std::uint8_t*) {
  return yuv_planes_[static_cast<int>(plane)].ptr<std::uint8_t>(y);
}

void ImageBackground::adopt_reloaded(cv::Size size) {
  std::lock_guard lock(mutex_);
  frame_size_ = size;
  if (pending_) {
    source_ = std::move(pending_->source);
    scaled_ = std::move(pending_->scaled);
    pending_.reset();
    ++version_;
  }
}

void ImageBackground::fit_to(cv::Size size) {
  adopt_reloaded(size);
  fit_scaled(size);
}

void ImageBackground::fit_scaled(cv::Size size) {
  if (scaled_.empty() || scaled_.size() != size) {
    fit_image(source_, size, fit_, matte_, scaled_);
    ++version_;
  }
}

ReloadResult ImageBackground::reload() { return load(path()); }

ReloadResult ImageBackground::load(const std::filesystem::path& path) {
  Loaded fresh{path, {}, {}};
  try {
    fresh.source = load_background_image(path, matte_);
  } catch (const Error& e) {
    spdlog::warn("{}; keeping the background image {}", e.what(), this->path().string());
    return {false, e.what()};
  }
  cv::Size size;
  {
    std::lock_guard lock(mutex_);
    size = frame_size_;
  }
  // The slow part, here rather than in prepare(): scaling to the frame.
  if (!size.empty()) fit_image(fresh.source, size, fit_, matte_, fresh.scaled);
  const std::string message =
      fmt::format("background image {} ({}x{})", path.string(), fresh.source.cols, fresh.source.rows);
  {
    std::lock_guard lock(mutex_);
    path_ = path;
    pending_ = std::move(fresh);
  }
  spdlog::info("reloaded {}", message);
  return {true, message};
}

}  // namespace fakecam::compose
