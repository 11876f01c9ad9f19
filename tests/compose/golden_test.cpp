// SPDX-License-Identifier: GPL-3.0-or-later
// Golden images: every background mode and effect composed on one real
// photo with its MediaPipe reference mask, compared with the stored result
// in tests/data/compose/golden/ within a tolerance (not byte equality: a
// compiler or OpenCV update may round differently). A person looked at each
// golden when it was made; a change that moves many pixels fails here.
//
// To make the goldens again after an intended change of the look:
//   FAKECAM_UPDATE_GOLDEN=1 build/tests/compose/compose_golden_test
// and look at the PNGs before committing them.

#include <gtest/gtest.h>

#include <cstdlib>
#include <functional>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "compose/background/video_background.hpp"
#include "compose/compositor.hpp"
#include "support/test_paths.hpp"

namespace fakecam::compose {
namespace {

const cv::Size kFrame(320, 180);

struct Inputs {
  cv::Mat frame;                     // grace_hopper at 320x180
  cv::Mat mask;                      // its reference mask, 256x144 float
  std::filesystem::path background;  // a made picture, 480x320 (3:2: cover, fit and stretch differ)
  std::filesystem::path video;       // 6 frames of a made clip
  std::filesystem::path podium, podium_mask;
};

const Inputs& inputs() {
  static const Inputs in = [] {
    Inputs i;
    const auto dir = test::data_dir() / "selfie-ref" / "landscape";
    cv::resize(cv::imread((dir / "grace_hopper.png").string(), cv::IMREAD_COLOR), i.frame, kFrame, 0, 0,
               cv::INTER_CUBIC);
    cv::imread((dir / "grace_hopper_ref.png").string(), cv::IMREAD_GRAYSCALE).convertTo(i.mask, CV_32F, 1.0 / 255.0);
    const auto scratch = test::scratch_dir("golden-inputs");
    // A background with structure at every scale: a gradient, circles, text.
    cv::Mat bg(320, 480, CV_8UC3);
    for (int y = 0; y < bg.rows; ++y) {
      for (int x = 0; x < bg.cols; ++x) bg.at<cv::Vec3b>(y, x) = cv::Vec3b(x / 2, 80 + y / 3, 200 - x / 3);
    }
    cv::circle(bg, {120, 90}, 50, cv::Scalar(20, 220, 240), cv::FILLED);
    cv::circle(bg, {380, 190}, 70, cv::Scalar(200, 40, 90), 8);
    cv::putText(bg, "fakecam", {150, 290}, cv::FONT_HERSHEY_SIMPLEX, 1.5, cv::Scalar(255, 255, 255), 3);
    i.background = scratch / "background.png";
    cv::imwrite(i.background.string(), bg);
    i.video = scratch / "clip.avi";
    cv::VideoWriter writer(i.video.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 30, {480, 270});
    for (int f = 0; f < 6; ++f) writer.write(bg(cv::Rect(0, 25, 480, 270)).clone() * (0.5 + 0.1 * f));
    writer.release();
    cv::Mat podium(270, 480, CV_8UC3, cv::Scalar(40, 70, 140)), podium_mask(270, 480, CV_8UC1, cv::Scalar(0));
    cv::rectangle(podium, {150, 200}, {330, 270}, cv::Scalar(20, 40, 90), cv::FILLED);
    cv::rectangle(podium_mask, {150, 200}, {330, 270}, cv::Scalar(255), cv::FILLED);
    i.podium = scratch / "podium.png";
    i.podium_mask = scratch / "podium-mask.png";
    cv::imwrite(i.podium.string(), podium);
    cv::imwrite(i.podium_mask.string(), podium_mask);
    return i;
  }();
  return in;
}

using Configure = std::function<void(ComposeSettings&)>;

// The model's answer flickering on a still picture: every other frame it is
// much less sure of the person.
cv::Mat flickered_mask() { return inputs().mask * 0.55; }

// `frames` frames of the still photo; odd frames get flickered_mask().
cv::Mat composed(const Configure& configure, int frames = 1) {
  ComposeSettings s;
  configure(s);
  Compositor compositor(s);
  cv::Mat out;
  const cv::Mat flicker = flickered_mask();
  for (int f = 0; f < frames; ++f) compositor.compose(inputs().frame, f % 2 == 0 ? inputs().mask : flicker, out);
  return out;
}

void expect_golden(const std::string& name, const cv::Mat& image) {
  const auto path = test::data_dir() / "compose" / "golden" / (name + ".png");
  const char* update = std::getenv("FAKECAM_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::filesystem::create_directories(path.parent_path());
    ASSERT_TRUE(cv::imwrite(path.string(), image)) << path;
    std::printf("wrote %s\n", path.string().c_str());
    return;
  }
  const cv::Mat golden = cv::imread(path.string(), cv::IMREAD_COLOR);
  ASSERT_FALSE(golden.empty()) << path << " is missing: make it with FAKECAM_UPDATE_GOLDEN=1 and look at it";
  ASSERT_EQ(golden.size(), image.size()) << name;
  cv::Mat diff;
  cv::absdiff(golden, image, diff);
  const double mean = cv::mean(diff.reshape(1))[0];
  const int far = cv::countNonZero(diff.reshape(1) > 8);
  EXPECT_LE(mean, 0.5) << name << ": mean difference from the golden image";
  EXPECT_LE(far, static_cast<int>(diff.total() * 3 / 200)) << name << ": channel values more than 8 levels off";
}

struct Case {
  std::string name;
  Configure configure;
  int frames = 1;
};

std::vector<Case> cases() {
  // The cases outlive this function: they capture copies (of the paths, and
  // of `image`), never references to its locals.
  const Inputs& in = inputs();
  auto image = [background = in.background](ComposeSettings& s) {
    s.background = BackgroundKind::image;
    s.image_path = background;
  };
  return {
      {"blur_default", [](ComposeSettings& s) { s.background = BackgroundKind::blur; }},
      {"blur_weak_10",
       [](ComposeSettings& s) {
         s.background = BackgroundKind::blur;
         s.blur_strength = 10;
       }},
      {"blur_strong_100",
       [](ComposeSettings& s) {
         s.background = BackgroundKind::blur;
         s.blur_strength = 100;
       }},
      {"image_cover", image},
      {"image_letterbox",
       [=](ComposeSettings& s) {
         image(s);
         s.fit = ImageFit::fit;
         s.colour = {30, 30, 30};
       }},
      {"image_tile",
       [=](ComposeSettings& s) {
         image(s);
         s.fit = ImageFit::tile;
       }},
      {"image_stretch",
       [=](ComposeSettings& s) {
         image(s);
         s.fit = ImageFit::stretch;
       }},
      {"colour_green",
       [](ComposeSettings& s) {
         s.background = BackgroundKind::colour;
         s.colour = {0, 255, 0};
       }},
      {"video_first_frame",
       [=](ComposeSettings& s) {
         s.background = BackgroundKind::image;
         s.image_path = in.video;
       }},
      {"refine_off_bilinear",
       [=](ComposeSettings& s) {
         image(s);
         s.refine.enabled = false;
       }},
      {"soft_edge_hard",
       [=](ComposeSettings& s) {
         image(s);
         s.mask.ramp = 0.0f;
       }},
      {"soft_edge_wide",
       [=](ComposeSettings& s) {
         image(s);
         s.mask.ramp = 0.6f;
       }},
      {"threshold_high",
       [=](ComposeSettings& s) {
         image(s);
         s.mask.threshold = 0.8f;
       }},
      {"hologram_real_background",
       [](ComposeSettings& s) {
         s.background = BackgroundKind::none;
         s.selfie_effects = {HologramEffect{}};
       }},
      {"hologram_over_image",
       [=](ComposeSettings& s) {
         image(s);
         s.selfie_effects = {HologramEffect{}};
       }},
      {"selfie_cmap_viridis",
       [=](ComposeSettings& s) {
         image(s);
         s.selfie_effects = {ColourMapEffect{cv::COLORMAP_VIRIDIS}};
       }},
      {"selfie_brightness_150_blur_10",
       [=](ComposeSettings& s) {
         image(s);
         s.selfie_effects = {BrightnessEffect{150}, BlurEffect{10}};
       }},
      {"selfie_solid_opacity_60",
       [=](ComposeSettings& s) {
         image(s);
         s.selfie_effects = {SolidEffect{{255, 255, 255}}};
         s.selfie_opacity = 60;
       }},
      {"background_cmap_ocean_brightness_60",
       [=](ComposeSettings& s) {
         image(s);
         s.background_effects = {ColourMapEffect{cv::COLORMAP_OCEAN}, BrightnessEffect{60}};
       }},
      {"real_background_brightness_40",
       [](ComposeSettings& s) {
         s.background = BackgroundKind::none;
         s.background_effects = {BrightnessEffect{40}};
       }},
      {"blur_then_cmap_hot",
       [](ComposeSettings& s) {
         s.background = BackgroundKind::blur;
         s.background_effects = {ColourMapEffect{cv::COLORMAP_HOT}};
       }},
      {"light_wrap_60",
       [=](ComposeSettings& s) {
         image(s);
         s.light_wrap = 60;
       }},
      {"foreground_podium",
       [=](ComposeSettings& s) {
         image(s);
         s.foreground.image_path = in.podium;
         s.foreground.mask_path = in.podium_mask;
       }},
      {"foreground_podium_opacity_50",
       [=](ComposeSettings& s) {
         image(s);
         s.foreground = {in.podium, in.podium_mask, 50, {}};
       }},
      {"no_background_with_podium",
       [=](ComposeSettings& s) {
         s.background = BackgroundKind::none;
         s.foreground = {in.podium, in.podium_mask, 100, {}};
       }},
      // Ends on a flickered frame: smoothed, the person stays (mostly) there.
      {"smoothed_flicker_4_frames",
       [=](ComposeSettings& s) {
         image(s);
         s.temporal.still_rate = 0.3f;
       },
       4},
      {"unsmoothed_flicker_4_frames",
       [=](ComposeSettings& s) {
         image(s);
         s.temporal.still_rate = 1.0f;
       },
       4},
  };
}

TEST(Golden, EveryModeAndEffect) {
  for (const Case& c : cases()) {
    SCOPED_TRACE(c.name);
    expect_golden(c.name, composed(c.configure, c.frames));
  }
}

// The goldens would pass a compositor that ignores its settings only if the
// goldens were all the same: they must differ from each other.
TEST(Golden, ModesLookDifferent) {
  std::vector<std::pair<std::string, cv::Mat>> all;
  for (const Case& c : cases()) all.emplace_back(c.name, composed(c.configure, c.frames));
  for (std::size_t i = 0; i < all.size(); ++i) {
    for (std::size_t j = i + 1; j < all.size(); ++j) {
      cv::Mat diff;
      cv::absdiff(all[i].second, all[j].second, diff);
      // 0.1: an option that only moves the edge (a hard edge) changes ~1% of
      // the pixels by ~15 levels.
      EXPECT_GT(cv::mean(diff.reshape(1))[0], 0.1) << all[i].first << " vs " << all[j].first;
    }
  }
}

}  // namespace
}  // namespace fakecam::compose
