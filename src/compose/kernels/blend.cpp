// SPDX-License-Identifier: GPL-3.0-or-later
#include "compose/kernels/blend.hpp"

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/effects/portrait_light_kernel.hpp"
#include "compose/kernels/kernels.hpp"

namespace fakecam::compose {

template <typename BackgroundRow>
void Blender::blend_rows(const cv::Mat& fg, const cv::Mat& alpha, cv::Mat& out, BackgroundRow&& background_row,
                         const GainRow* gain_row) {
  if (fg.type() != CV_8UC3 || alpha.type() != CV_8UC1 || fg.size() != alpha.size()) {
    fail("compositor: blend inputs differ in size or type");
  }
  out.create(fg.size(), CV_8UC3);
  const int width = fg.cols;
  alpha3_.resize(static_cast<std::size_t>(width) * 3);
  // Row by row, so the tripled alpha and a made background row stay in L1
  // instead of being frame-sized images that cost extra memory passes.
  for (int y = 0; y < fg.rows; ++y) {
    kernels::triple_u8(alpha.ptr<std::uint8_t>(y), alpha3_.data(), width);
    if (gain_row != nullptr) {
      light::blend_scale_row(fg.ptr<std::uint8_t>(y), background_row(y), alpha3_.data(), (*gain_row)(y),
                             out.ptr<std::uint8_t>(y), width * 3);
    } else {
      kernels::blend_u8(fg.ptr<std::uint8_t>(y), background_row(y), alpha3_.data(), out.ptr<std::uint8_t>(y),
                        width * 3);
    }
  }
}

void Blender::run(const cv::Mat& fg, Background& background, const cv::Mat& alpha, cv::Mat& out) {
  scratch_.resize(static_cast<std::size_t>(fg.cols) * 3);
  blend_rows(fg, alpha, out, [&](int y) { return background.row(y, scratch_.data()); });
}

void Blender::run(const cv::Mat& fg, Background& background, const cv::Mat& alpha, const GainRow& gain_row,
                  cv::Mat& out) {
  scratch_.resize(static_cast<std::size_t>(fg.cols) * 3);
  blend_rows(
      fg, alpha, out, [&](int y) { return background.row(y, scratch_.data()); }, &gain_row);
}

namespace {
void check_yuv_blend(const YuvView& frame, const cv::Mat& alpha, const cv::Mat& alpha_half, YuvImage& out) {
  if (frame.empty() || alpha.type() != CV_8UC1 || alpha.size() != frame.size() || alpha_half.type() != CV_8UC1 ||
      alpha_half.size() != frame.chroma_size()) {
    fail("compositor: blend inputs differ in size or type");
  }
  // In place, the view holds the image's buffer too: create() would see it
  // shared and give `out` a new one.
  if (out.empty() || out.data() != frame.y().data) out.create(frame.size());
}
}  // namespace

void Blender::run(const YuvView& frame, Background& background, const cv::Mat& alpha, const cv::Mat& alpha_half,
                  YuvImage& out) {
  check_yuv_blend(frame, alpha, alpha_half, out);
  scratch_.resize(static_cast<std::size_t>(frame.size().width));
  struct {
    YuvPlane name;
    const cv::Mat& in;
    cv::Mat out;
    const cv::Mat& alpha;
  } planes[] = {{YuvPlane::y, frame.y(), out.y(), alpha},
                {YuvPlane::u, frame.u(), out.u(), alpha_half},
                {YuvPlane::v, frame.v(), out.v(), alpha_half}};
  Background::RowMix mix;
  for (auto& p : planes) {
    for (int y = 0; y < p.in.rows; ++y) {
      const std::uint8_t* in = p.in.ptr<std::uint8_t>(y);
      const std::uint8_t* a = p.alpha.ptr<std::uint8_t>(y);
      std::uint8_t* to = p.out.ptr<std::uint8_t>(y);
      if (background.yuv_row_mix(p.name, y, mix)) {
        kernels::blend_lerp_u8(in, mix.r0, mix.r1, mix.w1, a, to, p.in.cols);
      } else {
        kernels::blend_u8(in, background.yuv_row(p.name, y, scratch_.data()), a, to, p.in.cols);
      }
    }
  }
}

void Blender::run(const YuvView& frame, Background& background, const cv::Mat& alpha, const cv::Mat& alpha_half,
                  const YuvGainRows& gains, YuvImage& out) {
  check_yuv_blend(frame, alpha, alpha_half, out);
  scratch_.resize(static_cast<std::size_t>(frame.size().width));
  cv::Mat y_out = out.y(), u_out = out.u(), v_out = out.v();
  // Each plane's rows still come in order (the blur stretches them so).
  auto blend = [&](YuvPlane plane, const cv::Mat& in, cv::Mat& to, int row, const cv::Mat& a, const std::uint16_t* gain,
                   const light::YuvLevels& levels) {
    light::blend_scale_yuv_row(in.ptr<std::uint8_t>(row), background.yuv_row(plane, row, scratch_.data()),
                               a.ptr<std::uint8_t>(row), gain, levels, to.ptr<std::uint8_t>(row), in.cols);
  };
  for (int c = 0; c < frame.u().rows; ++c) {
    const light::YuvGains g = gains(c);
    blend(YuvPlane::y, frame.y(), y_out, 2 * c, alpha, g.luma0, light::kLumaLevels);
    blend(YuvPlane::y, frame.y(), y_out, 2 * c + 1, alpha, g.luma1, light::kLumaLevels);
    blend(YuvPlane::u, frame.u(), u_out, c, alpha_half, g.chroma, light::kChromaLevels);
    blend(YuvPlane::v, frame.v(), v_out, c, alpha_half, g.chroma, light::kChromaLevels);
  }
}

void Blender::run(const cv::Mat& fg, const cv::Mat& bg, const cv::Mat& alpha, cv::Mat& out) {
  if (bg.type() != CV_8UC3 || bg.size() != fg.size()) fail("compositor: blend inputs differ in size or type");
  blend_rows(fg, alpha, out, [&](int y) { return bg.ptr<std::uint8_t>(y); });
}

}  // namespace fakecam::compose
