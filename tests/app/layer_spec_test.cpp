// SPDX-License-Identifier: GPL-3.0-or-later
// The successor's layer syntax (--background=..., --selfie=..., --mask=...):
// every item parsed into the typed settings, and every mistake a one-line
// error naming the option and the item.

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "app/layer_spec.hpp"
#include "common/error.hpp"

namespace fakecam::app {
namespace {

TEST(SplitSpec, ItemsNamesValuesAndQuotes) {
  const auto items = split_spec("--x", " file='a, b.jpg' , Blur=3,hologram,solid=0,255,0,cmap=jet");
  ASSERT_EQ(items.size(), 5u);
  EXPECT_EQ(items[0].name, "file");
  EXPECT_EQ(items[0].value, "a, b.jpg");
  EXPECT_EQ(items[1].name, "blur");
  EXPECT_EQ(items[1].value, "3");
  EXPECT_FALSE(items[2].has_value);
  EXPECT_EQ(items[3].value, "0,255,0") << "R,G,B without quotes";
  EXPECT_EQ(items[4].value, "jet");
  EXPECT_TRUE(split_spec("--x", "").empty());
  EXPECT_EQ(split_spec("--x", "blur=3\nhologram").size(), 2u) << "newline-joined (config file) values split too";
}

TEST(BackgroundSpec, SourceFitEffectsAndSpeed) {
  const auto spec = parse_background_spec("file=beach.mp4,tile,blur=20,brightness=80,cmap=ocean,mask-update-speed=30");
  EXPECT_EQ(spec.file, "beach.mp4");
  EXPECT_EQ(spec.fit, compose::ImageFit::tile);
  EXPECT_EQ(spec.mask_update_speed, 30);
  ASSERT_EQ(spec.effects.size(), 3u);
  EXPECT_EQ(spec.effects[0], compose::Effect(compose::BlurEffect{20}));
  EXPECT_EQ(spec.effects[1], compose::Effect(compose::BrightnessEffect{80}));
  EXPECT_EQ(spec.effects[2], compose::Effect(compose::ColourMapEffect{cv::COLORMAP_OCEAN}));
  EXPECT_TRUE(parse_background_spec("no,blur").camera);
  EXPECT_EQ(parse_background_spec("no,blur").effects[0],
            compose::Effect(compose::BlurEffect{compose::kDefaultBlurStrength}));
  EXPECT_EQ(parse_background_spec("solid=#ff0000").colour, cv::Vec3b(0, 0, 255));
  EXPECT_EQ(parse_background_spec("crop").fit, compose::ImageFit::cover);
  EXPECT_EQ(parse_background_spec("letterbox").fit, compose::ImageFit::fit);
  EXPECT_EQ(parse_background_spec("stretch").fit, compose::ImageFit::stretch);
}

TEST(SelfieSpec, EffectsInOrderAndOpacity) {
  const auto spec = parse_selfie_spec("hologram,opacity=85%,solid=white,blur");
  ASSERT_EQ(spec.effects.size(), 3u);
  EXPECT_EQ(spec.effects[0], compose::Effect(compose::HologramEffect{}));
  EXPECT_EQ(spec.effects[1], compose::Effect(compose::SolidEffect{{255, 255, 255}}));
  EXPECT_EQ(spec.effects[2], compose::Effect(compose::BlurEffect{compose::kDefaultBlurStrength}));
  EXPECT_EQ(spec.opacity, 85);
  EXPECT_EQ(describe(spec.effects), "hologram,solid=#ffffff,blur=50");
}

TEST(OverlaySpec, FilesOpacityAndOff) {
  const auto spec = parse_overlay_spec("foreground=podium.png,mask-file=podium-mask.png,opacity=80,brightness=120");
  EXPECT_EQ(spec.image, "podium.png");
  EXPECT_EQ(spec.mask_file, "podium-mask.png");
  EXPECT_EQ(spec.opacity, 80);
  EXPECT_EQ(spec.effects.size(), 1u);
  EXPECT_EQ(parse_overlay_spec("file=logo.png").image, "logo.png");
  EXPECT_TRUE(parse_overlay_spec("no").disabled);
}

template <typename Parse>
void expect_error(Parse parse, const std::string& text, const std::vector<std::string>& mentions) {
  try {
    parse(text);
    ADD_FAILURE() << "accepted '" << text << "'";
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const auto& m : mentions)
      EXPECT_NE(message.find(m), std::string::npos) << "'" << message << "' should mention " << m;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(LayerSpecs, MistakesNameTheOptionAndTheItem) {
  expect_error(parse_selfie_spec, "hologram,blurr=3", {"--selfie", "blurr=3", "unknown item", "opacity=N"});
  expect_error(parse_selfie_spec, "blur=abc", {"--selfie", "blur=abc", "0 to 100"});
  expect_error(parse_selfie_spec, "blur=101", {"blur=101"});
  expect_error(parse_selfie_spec, "brightness", {"brightness", "whole number"});
  expect_error(parse_selfie_spec, "cmap=sunset", {"--selfie", "sunset", "viridis"});
  expect_error(parse_selfie_spec, "hologram=1", {"hologram=1", "no value"});
  expect_error(parse_selfie_spec, "solid=purple-ish", {"--selfie", "purple-ish", "#RRGGBB"});
  expect_error(parse_selfie_spec, "blur=3,,hologram", {"--selfie", "empty item"});
  expect_error(parse_background_spec, "file=a.jpg,no", {"--background", "choose one"});
  expect_error(parse_background_spec, "opacity=50", {"--background", "opacity", "--selfie"});
  expect_error(parse_background_spec, "file=", {"--background", "file=", "file name"});
  expect_error(parse_background_spec, "file='a.jpg", {"--background", "quote"});
  expect_error(parse_background_spec, "mask-update-speed=150", {"mask-update-speed=150"});
  expect_error(parse_overlay_spec, "no,foreground=x.png", {"--mask", "'no'"});
  expect_error(parse_overlay_spec, "=3", {"--mask", "name"});
}

TEST(LayerSpecs, HelpListsEveryItemWithExamples) {
  const std::string help = layer_spec_help();
  for (const char* word : {"--background=", "--selfie=", "--mask=", "file=", "mask-file=", "foreground=", "opacity=",
                           "brightness=", "cmap=", "hologram", "solid=", "blur", "tile", "letterbox", "stretch",
                           "mask-update-speed", "viridis", "Examples"}) {
    EXPECT_NE(help.find(word), std::string::npos) << word;
  }
}

}  // namespace
}  // namespace fakecam::app
