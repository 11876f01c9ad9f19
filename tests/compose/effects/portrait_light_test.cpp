// SPDX-License-Identifier: GPL-3.0-or-later
// Portrait light on a dim picture made here: a skin-coloured person with
// shading over a darker room, and the alpha that made it. The person gets
// brighter and the room darker by stated amounts, skin keeps its hue, the
// luma across the edge stays monotone (no halo), and 0 changes nothing.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "compose/compositor.hpp"
#include "compose/effects/portrait_light.hpp"
#include "compose/effects/portrait_light_kernel.hpp"
#include "compose/kernels/kernels.hpp"
#include "compose/mask/mask_pipeline.hpp"
#include "light_scene.hpp"

namespace fakecam::compose {
namespace {

using namespace light_scene;

TEST(PortraitLight, BrightensThePersonAndDimsTheRoomByStatedAmounts) {
  const Scene s = dim_scene(true);
  const cv::Mat before = luma(s.bgr);
  const double person_before = mean_where(before, s.alpha, 255);
  const double room_before = mean_where(before, s.alpha, 0);
  struct Case {
    int strength;
    double person_rise_at_least, room_factor;
  };
  for (const Case c : {Case{50, 0.20, 0.85}, Case{100, 0.40, 0.70}}) {
    const cv::Mat after = luma(lit(s, c.strength));
    const double person_after = mean_where(after, s.alpha, 255);
    const double room_after = mean_where(after, s.alpha, 0);
    EXPECT_GE(person_after, person_before * (1 + c.person_rise_at_least)) << "strength " << c.strength;
    EXPECT_NEAR(room_after, room_before * c.room_factor, 1.0) << "strength " << c.strength;
  }
}

TEST(PortraitLight, RaisesThePersonsLocalContrast) {
  const Scene s = dim_scene(true);
  auto spread = [&](const cv::Mat& bgr) {  // the knit, relative to its surroundings
    cv::Mat y, around, ratio;
    luma(bgr).convertTo(y, CV_32F);
    cv::GaussianBlur(y, around, cv::Size(), 12.0);
    cv::divide(y, around, ratio);
    cv::Mat inside;
    cv::erode(s.alpha == 255, inside, cv::Mat(), cv::Point(-1, -1), 30);
    cv::Scalar mean, dev;
    cv::meanStdDev(ratio, mean, dev, inside);
    return dev[0];
  };
  EXPECT_GT(spread(lit(s, 100)), spread(s.bgr) * 1.2);
}

TEST(PortraitLight, KeepsTheSkinsHue) {
  const Scene s = dim_scene(true);
  const double before = hue_degrees(cv::mean(s.bgr, s.alpha == 255));
  for (int strength : {30, 100}) {
    const double after = hue_degrees(cv::mean(lit(s, strength), s.alpha == 255));
    EXPECT_NEAR(after, before, 2.0) << "strength " << strength;
  }
}

TEST(PortraitLight, NoHaloAcrossTheEdge) {
  expect_no_halo(luma(lit(dim_scene(false), 100)), true, 40);  // from the dim room to the lit person
}

// Backlit: a dark person before a bright window, the case a webcam meets
// most. The person is lifted and the window dimmed, and still no bright
// rim (the window's light leaking into the person's gain) nor dark ring
// (the person's lift missing at the edge): the luma falls monotonically from
// the window into the person.
TEST(PortraitLight, NoHaloWhenBacklit) {
  const cv::Vec3f dark_skin(34, 46, 64);  // luma ~50
  const cv::Vec3f window(225, 230, 235);  // luma ~231
  const Scene s = dim_scene(false, dark_skin, window);
  for (int strength : {50, 100}) {
    SCOPED_TRACE(strength);
    const cv::Mat before = luma(s.bgr), after = luma(lit(s, strength));
    expect_no_halo(after, false, 60);
    EXPECT_GT(mean_where(after, s.alpha, 255), mean_where(before, s.alpha, 255) * 1.15);  // lifted
    EXPECT_LT(mean_where(after, s.alpha, 0), mean_where(before, s.alpha, 0) * 0.9);       // dimmed
  }
}

// The fast pass over the frame (16-bit fixed point, 16 pixels at a time)
// against the plain float formula it implements, kept here: the person's
// gain and luma ratio at the guide size stretched bilinearly to the frame,
// the gain mixed with the background's by the person's share of the light,
// one factor on B, G and R. Within 2 grey levels
// anywhere and 0.3 on average: fixed-point rounding, nothing visible. On
// random colours (bright ones too: the gain saturates at white) and an
// odd width, so the scalar tail of each row is covered as well.
TEST(PortraitLight, FastPassMatchesTheFloatReference) {
  const cv::Size size(kW + 7, kH + 3);
  cv::Mat bgr(size, CV_8UC3);
  cv::RNG rng(13);
  rng.fill(bgr, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(bgr, bgr, cv::Size(), 3.0);
  cv::Mat alpha = cv::Mat::zeros(size, CV_8UC1);
  cv::ellipse(alpha, kCentre, kAxes, 0, 0, 360, cv::Scalar(255), cv::FILLED);
  cv::GaussianBlur(alpha, alpha, cv::Size(), 6.0);  // a wide soft edge: every alpha value
  for (int strength : {30, 100}) {
    PortraitLight light(strength);
    cv::Mat fast = bgr.clone();
    light.apply(fast, alpha, grey_low_of(bgr), cv::Mat());

    cv::Mat gp, r, a, share, gain, reference;
    cv::resize(light.person_gain_low(), gp, size, 0, 0, cv::INTER_LINEAR);
    cv::resize(light.luma_ratio_low(), r, size, 0, 0, cv::INTER_LINEAR);
    alpha.convertTo(a, CV_32F, 1.0 / 255.0);
    cv::divide(a.mul(r), 1.0 + a.mul(r - 1.0), share);  // the person's share of the light
    const float dim = light.background_gain();
    gain = dim + (gp - dim).mul(share);
    cv::Mat channels[] = {gain, gain, gain};
    cv::merge(channels, 3, gain);
    bgr.convertTo(reference, CV_32FC3);
    reference = reference.mul(gain);
    reference.convertTo(reference, CV_8UC3);  // rounds and saturates

    cv::Mat diff;
    cv::absdiff(fast, reference, diff);
    EXPECT_LE(cv::norm(diff, cv::NORM_INF), 2.0) << "strength " << strength;
    EXPECT_LE(cv::mean(diff.reshape(1))[0], 0.3) << "strength " << strength;
  }
}

// The per-row kernels, each in its AVX2 build (Isa::best on this machine)
// and its baseline (SSE2) build, against the formulas kept here.
const light::Isa kIsas[] = {light::Isa::best, light::Isa::avx2, light::Isa::baseline};

std::string isa_name(light::Isa isa) {
  if (isa == light::Isa::baseline) return "baseline";
  if (!light::has_avx2()) return "baseline (no avx2 here)";
  if (isa == light::Isa::avx2) return "avx2";
  return light::has_avx512() ? "best (avx512 where a kernel has it)" : "best (avx2: no avx512 here)";
}

// Alpha runs of 0, 255 and everything between, odd lengths (the 16-pixel
// blocks, their pure-background/pure-person shortcuts and the scalar tail).
std::vector<std::uint8_t> alpha_row(int width) {
  std::vector<std::uint8_t> alpha(static_cast<std::size_t>(width));
  for (int i = 0; i < width; ++i) {
    const int phase = i % 97;
    alpha[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(phase < 30   ? 0
                                                                   : phase < 60 ? 255
                                                                   : phase < 77 ? (i * 37) % 256
                                                                                : 255 - phase);
  }
  return alpha;
}

// Random light fields for one row of kWidth pixels: gains, and ratios at
// the guide size, each pixel mixing guide columns i / step and the next.
// The light's grid is an eighth of a 720p frame (step 8); step 1, a guide
// as wide as the frame, is where 8 pixels span too many columns for the
// AVX2 edge's lane permute (it gathers there).
struct RandomFields {
  static constexpr int kWidth = 1283;
  int step;
  std::vector<float> g0, g1, r0, r1, xw;
  std::vector<int> x0;
  explicit RandomFields(int seed, int pixels_per_column = 4)
      : step(pixels_per_column),
        g0(kWidth),
        g1(kWidth),
        r0(guide() + light::kRatioReadsPast),
        r1(guide() + light::kRatioReadsPast),
        xw(kWidth),
        x0(kWidth) {
    cv::RNG rng(seed);
    for (int i = 0; i < kWidth; ++i) {
      g0[i] = rng.uniform(-200.0f, 1500.0f);
      g1[i] = rng.uniform(-200.0f, 1500.0f);
      x0[i] = i / step;
      // (A pixel centre's weight: never 0, so that the second column counts.)
      xw[i] = (static_cast<float>(i % step) + 0.5f) / static_cast<float>(step);
    }
    for (std::size_t c = 0; c < r0.size(); ++c) {
      r0[c] = rng.uniform(1.0f / 16, 16.0f);
      r1[c] = rng.uniform(1.0f / 16, 16.0f);
    }
  }
  int guide() const { return kWidth / step + 1; }
  light::GainRows rows(float w1) const {
    return {g0.data(), g1.data(), r0.data(), r1.data(), w1, x0.data(), xw.data()};
  }
};

// gain = round(dim + (d0 + w (d1 - d0)) s), s = a r / (1 + a (r - 1)), per
// channel: within 1 (Q9, 0.2 %) of the float formula, and the same from
// both builds, for guides of an eighth, a quarter and the whole width.
TEST(PortraitLightKernel, GainRowMatchesTheFormula) {
  for (int step : {8, 4, 1}) {
    const RandomFields f(5, step);
    const int width = RandomFields::kWidth;
    const std::vector<std::uint8_t> alpha = alpha_row(width);
    const int dim_q9 = 400;
    const light::GainRows rows = f.rows(0.3f);
    std::vector<std::uint16_t> first;
    for (light::Isa isa : kIsas) {
      SCOPED_TRACE(isa_name(isa) + " step " + std::to_string(step));
      std::vector<std::uint16_t> gain(width), gain3(3 * width);
      light::gain_row(rows, alpha.data(), dim_q9, gain.data(), gain3.data(), width, isa);
      for (int i = 0; i < width; ++i) {
        const int c = f.x0[i];
        const double above = f.r0[c] + f.xw[i] * (f.r0[c + 1] - f.r0[c]),
                     below = f.r1[c] + f.xw[i] * (f.r1[c + 1] - f.r1[c]);
        const double a = alpha[i] / 255.0, r = above + 0.3 * (below - above), d = f.g0[i] + 0.3 * (f.g1[i] - f.g0[i]);
        const double want = dim_q9 + d * (a * r / (1 + a * (r - 1)));
        for (int k = 0; k < 3; ++k) {
          ASSERT_NEAR(gain3[3 * i + k], want, 1.0) << "pixel " << i << " alpha " << +alpha[i];
        }
      }
      if (first.empty()) first = gain3;
      EXPECT_EQ(gain3, first) << "the builds differ";
    }
  }
}

// p * g / 512 for every byte and gains from 1/4 to 4x: rounded to nearest
// (within half a level of the exact product) and saturated at 255, from
// both builds.
TEST(PortraitLightKernel, ScaleRowRoundsAndSaturates) {
  const int n = 256 * 3 + 5;
  for (int g : {128, 359, 512, 600, 1023, 2047}) {
    for (light::Isa isa : kIsas) {
      SCOPED_TRACE(isa_name(isa) + " gain " + std::to_string(g));
      std::vector<std::uint8_t> p(n);
      for (int i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(i);
      const std::vector<std::uint16_t> gain3(n, static_cast<std::uint16_t>(g));
      light::scale_row(p.data(), gain3.data(), n, isa);
      for (int i = 0; i < n; ++i) {
        const double want = std::min(255.0, (i % 256) * g / 512.0);
        ASSERT_NEAR(p[i], want, 0.5) << "byte " << i % 256;
      }
    }
  }
}

// The light on the compositor's blend: one pass, bit-exact with blending
// (kernels::blend_u8) and then scaling, from both builds, also in place.
TEST(PortraitLightKernel, BlendAndLightInOnePassEqualsTwo) {
  cv::RNG rng(9);
  for (int n : {3, 45, 47 * 3, 1280 * 3 + 3}) {
    std::vector<std::uint8_t> fg(n), bg(n), alpha3(n);
    std::vector<std::uint16_t> gain3(n);
    for (int i = 0; i < n; ++i) {
      fg[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
      bg[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
      alpha3[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
      gain3[i] = static_cast<std::uint16_t>(rng.uniform(128, 2048));
    }
    std::vector<std::uint8_t> two(n);
    kernels::blend_u8(fg.data(), bg.data(), alpha3.data(), two.data(), n);
    light::scale_row(two.data(), gain3.data(), n, light::Isa::baseline);
    for (light::Isa isa : kIsas) {
      SCOPED_TRACE(isa_name(isa) + " n " + std::to_string(n));
      std::vector<std::uint8_t> one(n);
      light::blend_scale_row(fg.data(), bg.data(), alpha3.data(), gain3.data(), one.data(), n, isa);
      EXPECT_EQ(one, two);
      std::vector<std::uint8_t> in_place = fg;
      light::blend_scale_row(in_place.data(), bg.data(), alpha3.data(), gain3.data(), in_place.data(), n, isa);
      EXPECT_EQ(in_place, two);
    }
  }
}

// Without the per-channel copies (the YUV path) the gains are the same.
TEST(PortraitLightKernel, GainRowWithoutTheCopiesGivesTheSameGains) {
  const RandomFields f(6);
  const int width = RandomFields::kWidth;
  const std::vector<std::uint8_t> alpha = alpha_row(width);
  const light::GainRows rows = f.rows(0.6f);
  for (light::Isa isa : kIsas) {
    SCOPED_TRACE(isa_name(isa));
    std::vector<std::uint16_t> with(width), gain3(3 * width), without(width);
    light::gain_row(rows, alpha.data(), 400, with.data(), gain3.data(), width, isa);
    light::gain_row(rows, alpha.data(), 400, without.data(), nullptr, width, isa);
    EXPECT_EQ(without, with);
    for (int i = 0; i < width; ++i) ASSERT_EQ(gain3[3 * i + 2], with[i]) << "pixel " << i;
  }
}

const light::YuvLevels kYuvLevels[] = {light::kLumaLevels, light::kChromaLevels};

// The light on a YUV plane: zero + (p - zero) g / 512 for every byte and
// gains from 1/4 to 4x, rounded to nearest (within half a level of the
// exact value) and clamped to the legal range (16..235 luma, 16..240
// chroma), from both builds; an odd length for the scalar tail.
TEST(PortraitLightKernel, ScaleYuvRowRoundsAboutItsZeroAndClamps) {
  const int n = 256 * 2 + 7;
  for (const light::YuvLevels& l : kYuvLevels) {
    for (int g : {128, 359, 512, 600, 1023, 2047}) {
      for (light::Isa isa : kIsas) {
        SCOPED_TRACE(isa_name(isa) + " zero " + std::to_string(l.zero) + " gain " + std::to_string(g));
        std::vector<std::uint8_t> p(n);
        for (int i = 0; i < n; ++i) p[i] = static_cast<std::uint8_t>(i);
        const std::vector<std::uint16_t> gain(n, static_cast<std::uint16_t>(g));
        light::scale_yuv_row(p.data(), gain.data(), l, n, isa);
        for (int i = 0; i < n; ++i) {
          const double want = std::clamp(l.zero + ((i % 256) - l.zero) * g / 512.0, double(l.lo), double(l.hi));
          ASSERT_NEAR(p[i], want, 0.5) << "byte " << i % 256;
        }
      }
    }
  }
}

// The YUV blend and light in one pass, bit-exact with blending
// (kernels::blend_u8, alpha per sample) and then scaling, from every
// build, also in place: random alpha, and runs of pure person and
// background (blocks the AVX2 and AVX-512 kernels take a shorter way):
// alpha_row()'s (30 long), and the same 4 times as long (whole 64-sample
// blocks).
TEST(PortraitLightKernel, YuvBlendAndLightInOnePassEqualsTwo) {
  cv::RNG rng(10);
  for (const light::YuvLevels& l : kYuvLevels) {
    for (int n : {1, 31, 33, 63, 65, 97, 640, 1280 + 7, 2 * 1280 + 7, 4 * 1280 + 7}) {
      std::vector<std::uint8_t> fg(n), bg(n), alpha(n);
      std::vector<std::uint16_t> gain(n);
      const int run_stretch = n > 2 * 1280 + 7 ? 4 : n > 1280 ? 1 : 0;
      const std::vector<std::uint8_t> alpha_runs = alpha_row(n);
      for (int i = 0; i < n; ++i) {
        fg[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
        bg[i] = static_cast<std::uint8_t>(rng.uniform(0, 256));
        alpha[i] = run_stretch > 0 ? alpha_runs[static_cast<std::size_t>(i / run_stretch)]
                                   : static_cast<std::uint8_t>(rng.uniform(0, 256));
        gain[i] = static_cast<std::uint16_t>(rng.uniform(128, 2048));
      }
      std::vector<std::uint8_t> two(n);
      kernels::blend_u8(fg.data(), bg.data(), alpha.data(), two.data(), n);
      light::scale_yuv_row(two.data(), gain.data(), l, n, light::Isa::baseline);
      for (light::Isa isa : kIsas) {
        SCOPED_TRACE(isa_name(isa) + " zero " + std::to_string(l.zero) + " n " + std::to_string(n));
        std::vector<std::uint8_t> one(n);
        light::blend_scale_yuv_row(fg.data(), bg.data(), alpha.data(), gain.data(), l, one.data(), n, isa);
        EXPECT_EQ(one, two);
        std::vector<std::uint8_t> in_place = fg;
        light::blend_scale_yuv_row(in_place.data(), bg.data(), alpha.data(), gain.data(), l, in_place.data(), n, isa);
        EXPECT_EQ(in_place, two);
      }
    }
  }
}

// A chroma sample's gain: the rounded mean of the 2x2 luma gains it
// covers, from both builds (lengths around the 16-sample vectors).
TEST(PortraitLightKernel, ChromaGainIsTheRoundedMeanOfFour) {
  cv::RNG rng(11);
  for (int n : {1, 15, 16, 17, 640 + 3}) {
    std::vector<std::uint16_t> g0(2 * n), g1(2 * n);
    for (int i = 0; i < 2 * n; ++i) {
      g0[i] = static_cast<std::uint16_t>(rng.uniform(0, 4096));
      g1[i] = static_cast<std::uint16_t>(rng.uniform(0, 4096));
    }
    for (light::Isa isa : kIsas) {
      SCOPED_TRACE(isa_name(isa) + " n " + std::to_string(n));
      std::vector<std::uint16_t> out(n);
      light::chroma_gain_row(g0.data(), g1.data(), out.data(), n, isa);
      for (int i = 0; i < n; ++i) {
        const double mean = (g0[2 * i] + g0[2 * i + 1] + g1[2 * i] + g1[2 * i + 1]) / 4.0;
        ASSERT_EQ(out[i], static_cast<int>(std::floor(mean + 0.5))) << "sample " << i;
      }
    }
  }
}

// A chroma row's gains in one pass: bit-exact with gain_row on each luma
// row and chroma_gain_row on the two, from both builds; the rows' alphas
// differ (blocks pure in one row and not the other), widths around the
// 32-column blocks and odd (the tail; at 84 the tail, columns 64 to 83,
// is the person's edge, where the ratio's columns are read).
TEST(PortraitLightKernel, YuvGainRowsAreEachRowsGainsAndTheirMeans) {
  const RandomFields top(12), bottom(13);
  const std::vector<std::uint8_t> alpha0 = alpha_row(RandomFields::kWidth);
  std::vector<std::uint8_t> alpha1(alpha0.size());
  for (std::size_t i = 0; i < alpha1.size(); ++i) alpha1[i] = alpha0[(i + 40) % alpha0.size()];
  for (int width : {2, 31, 64, 84, 96, 1280, RandomFields::kWidth}) {
    std::vector<std::uint16_t> want0(width), want1(width), want_chroma(width / 2);
    light::gain_row(top.rows(0.25f), alpha0.data(), 400, want0.data(), nullptr, width, light::Isa::baseline);
    light::gain_row(bottom.rows(0.75f), alpha1.data(), 400, want1.data(), nullptr, width, light::Isa::baseline);
    light::chroma_gain_row(want0.data(), want1.data(), want_chroma.data(), width / 2, light::Isa::baseline);
    for (light::Isa isa : kIsas) {
      SCOPED_TRACE(isa_name(isa) + " width " + std::to_string(width));
      std::vector<std::uint16_t> luma0(width), luma1(width), chroma(width / 2);
      light::yuv_gain_rows(top.rows(0.25f), bottom.rows(0.75f), alpha0.data(), alpha1.data(), 400, luma0.data(),
                           luma1.data(), chroma.data(), width, isa);
      EXPECT_EQ(luma0, want0);
      EXPECT_EQ(luma1, want1);
      EXPECT_EQ(chroma, want_chroma);
    }
  }
}

TEST(PortraitLight, ZeroIsBitExactIdentity) {
  const Scene s = dim_scene(true);
  const cv::Mat out = lit(s, 0);
  EXPECT_EQ(cv::norm(out, s.bgr, cv::NORM_INF), 0.0);
}

TEST(PortraitLight, OutOfRangeStrengthIsAnError) {
  EXPECT_THROW(PortraitLight(101), Error);
  EXPECT_THROW(PortraitLight(-1), Error);
}

// Through the compositor: --light needs the person even over the real
// background, and lights the composed frame.
TEST(PortraitLight, TheCompositorLightsThePersonOverTheRealBackground) {
  const Scene s = dim_scene(true);
  ComposeSettings settings;
  settings.background = BackgroundKind::none;
  EXPECT_FALSE(Compositor(settings).needs_mask());
  settings.light = 100;
  Compositor compositor(settings);
  ASSERT_TRUE(compositor.needs_mask());
  cv::Mat mask;  // the model's confidence: the person at model resolution
  cv::resize(s.alpha, mask, cv::Size(256, 144), 0, 0, cv::INTER_AREA);
  mask.convertTo(mask, CV_32F, 1.0 / 255.0);
  cv::Mat out;
  compositor.compose(s.bgr, mask, out);
  const cv::Mat before = luma(s.bgr), after = luma(out);
  EXPECT_GT(mean_where(after, s.alpha, 255), mean_where(before, s.alpha, 255) * 1.3);
  EXPECT_LT(mean_where(after, s.alpha, 0), mean_where(before, s.alpha, 0) * 0.8);
}

}  // namespace
}  // namespace fakecam::compose
