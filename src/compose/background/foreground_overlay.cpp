// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/background/foreground_overlay.hpp"

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "common/log.hpp"
#include "media/image_io.hpp"

namespace fakecam::compose {
namespace {

bool is_one_colour(const cv::Mat& bgr) {
  const cv::Vec3b first = bgr.at<cv::Vec3b>(0, 0);
  cv::Mat same;
  cv::inRange(bgr, first, first, same);
  return cv::countNonZero(same) == static_cast<int>(bgr.total());
}

}  // namespace

ForegroundOverlay::Source ForegroundOverlay::load(const ForegroundSettings& settings) {
  Source source;
  media::ImageWithAlpha decoded = media::read_image_with_alpha(settings.image_path);
  source.image = std::move(decoded.bgr);
  if (source.image.type() != CV_8UC3) fail("{}: unsupported pixel format after decoding", settings.image_path.string());
  if (!settings.mask_path.empty()) {
    const cv::Mat mask_bgr = media::read_image_bgr(settings.mask_path);
    cv::cvtColor(mask_bgr, source.alpha, cv::COLOR_BGR2GRAY);
    if (source.alpha.size() != source.image.size()) {
      fail("{}: the foreground mask is {}x{} but the foreground image {} is {}x{}; they must be the same size",
           settings.mask_path.string(), source.alpha.cols, source.alpha.rows, settings.image_path.string(),
           source.image.cols, source.image.rows);
    }
    if (cv::countNonZero(source.alpha) == 0) {
      fail("{}: the foreground mask is black everywhere (white = drawn), so nothing would be drawn",
           settings.mask_path.string());
    }
  } else {
    source.alpha = std::move(decoded.alpha);
    if (source.alpha.empty() && is_one_colour(source.image)) {
      // What a fully transparent PNG saved as 1-bit grey with a transparent
      // colour decodes to: FFmpeg does not read that transparency.
      fail(
          "{}: the foreground image is one flat colour with no transparency fakecam can read (so a fully "
          "transparent picture saved as a 1-bit greyscale PNG decodes: that transparency is not read); save it "
          "as an 8-bit RGBA PNG or add -m/--foreground-mask-image (white = drawn)",
          settings.image_path.string());
    }
    if (source.alpha.empty()) {
      fail(
          "{}: the foreground image has no transparency and no mask was given; add -m/--foreground-mask-image "
          "(white = drawn), put foreground-mask.* next to it, or use a PNG with an alpha channel",
          settings.image_path.string());
    }
    if (source.alpha.size() != source.image.size()) {
      fail("{}: the alpha channel's size differs from the oriented image", settings.image_path.string());
    }
    if (cv::countNonZero(source.alpha) == 0) {
      fail("{}: the foreground image is fully transparent (its alpha is 0 everywhere), so nothing would be drawn",
           settings.image_path.string());
    }
  }
  return source;
}

ForegroundOverlay::ForegroundOverlay(ForegroundSettings settings)
    : settings_(std::move(settings)), chain_(settings_.effects), source_(load(settings_)) {
  spdlog::info("foreground {} ({}x{}){}", settings_.image_path.string(), source_.image.cols, source_.image.rows,
               settings_.mask_path.empty() ? " with its own transparency" : ", mask " + settings_.mask_path.string());
}

void ForegroundOverlay::fit(cv::Size size) {
  // Stretched to the frame, as the seed did: an overlay is drawn for the frame.
  cv::resize(source_.image, image_, size, 0, 0,
             size.area() < source_.image.size().area() ? cv::INTER_AREA : cv::INTER_LINEAR);
  cv::resize(source_.alpha, alpha_, size, 0, 0,
             size.area() < source_.alpha.size().area() ? cv::INTER_AREA : cv::INTER_LINEAR);
  if (settings_.opacity < 100) alpha_.convertTo(alpha_, -1, settings_.opacity / 100.0);
  covered_ = cv::boundingRect(alpha_);
  if (!chain_.animated()) chain_.apply(image_);
}

void ForegroundOverlay::apply(cv::Mat& frame) {
  CV_Assert(frame.type() == CV_8UC3);
  bool refit = image_.size() != frame.size();
  {
    std::lock_guard lock(mutex_);
    if (pending_) {
      source_ = std::move(*pending_);
      pending_.reset();
      refit = true;
    }
  }
  if (refit) fit(frame.size());
  if (covered_.empty()) return;
  cv::Mat target = frame(covered_);
  if (chain_.animated()) {
    // Effects that move are redone every frame, on the covered part only.
    cv::Mat moving = image_(covered_).clone();
    chain_.apply(moving);
    blender_.run(moving, target, alpha_(covered_), target);
  } else {
    blender_.run(image_(covered_), target, alpha_(covered_), target);
  }
}

ReloadResult ForegroundOverlay::reload() {
  try {
    Source fresh = load(settings_);
    const std::string message =
        fmt::format("foreground {} ({}x{})", settings_.image_path.string(), fresh.image.cols, fresh.image.rows);
    std::lock_guard lock(mutex_);
    pending_ = std::move(fresh);
    spdlog::info("reloaded {}", message);
    return {true, message};
  } catch (const Error& e) {
    spdlog::warn("{}; keeping the foreground in use", e.what());
    return {false, e.what()};
  }
}

}  // namespace fakecam::compose
