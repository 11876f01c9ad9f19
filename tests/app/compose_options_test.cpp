// SPDX-License-Identifier: GPL-3.0-or-later
// From the command line to the compositor's settings: the seed's flags, the
// successor's layer specs and fakecam's own, each alone and together, as
// config-file keys, and contradictions as one-line errors.

#include <gtest/gtest.h>
#include <CLI/CLI.hpp>

#include <fstream>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "app/cli.hpp"
#include "app/compose_options.hpp"
#include "app/parsed_command_line.hpp"
#include "common/error.hpp"
#include "compose/compositor.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app {
namespace {

using compose::BackgroundKind;

auto parse(const std::vector<std::string>& args) { return test_support::parse_command_line(args); }

compose::ComposeSettings settings_for(std::vector<std::string> args) {
  return make_compose_settings(parse(std::move(args))->cli.settings);
}

// An image folder the way the seed used it.
std::filesystem::path folder(const std::string& name, bool background, bool foreground, bool mask) {
  const auto dir = test::scratch_dir("compose-options-" + name);
  if (background) cv::imwrite((dir / "background.jpg").string(), cv::Mat(9, 16, CV_8UC3, cv::Scalar(1, 2, 3)));
  if (foreground) cv::imwrite((dir / "foreground.jpg").string(), cv::Mat(9, 16, CV_8UC3, cv::Scalar(4, 5, 6)));
  if (mask) cv::imwrite((dir / "foreground-mask.png").string(), cv::Mat(9, 16, CV_8UC1, cv::Scalar(255)));
  return dir;
}

TEST(ComposeOptions, DefaultIsTheBlurredRealBackgroundRefinedAndSmoothed) {
  const auto dir = folder("default", false, false, false);
  const auto c = settings_for({"-i", dir.string()});
  EXPECT_EQ(c.background, BackgroundKind::blur);
  EXPECT_EQ(c.blur_strength, compose::kDefaultBlurStrength);
  EXPECT_TRUE(c.refine.enabled);
  EXPECT_FLOAT_EQ(c.temporal.still_rate, 0.4f);
  EXPECT_FLOAT_EQ(c.mask.ramp, 0.2f);
  EXPECT_TRUE(c.foreground.image_path.empty());
  EXPECT_TRUE(c.background_effects.empty());
}

TEST(ComposeOptions, TheSeedsImageFolder) {
  const auto dir = folder("seed", true, true, true);
  const auto c = settings_for({"-i", dir.string()});
  EXPECT_EQ(c.background, BackgroundKind::image);
  EXPECT_EQ(c.image_path, dir / "background.jpg");
  EXPECT_EQ(c.foreground.image_path, dir / "foreground.jpg");
  EXPECT_EQ(c.foreground.mask_path, dir / "foreground-mask.png");
  EXPECT_TRUE(settings_for({"-i", dir.string(), "--no-foreground"}).foreground.image_path.empty());
  // A foreground found by name but without a mask or transparency is left out.
  const auto lonely = folder("seed-no-mask", true, true, false);
  EXPECT_TRUE(settings_for({"-i", lonely.string()}).foreground.image_path.empty());
  // Named explicitly, it is an error when the compositor loads it.
  const auto c2 = settings_for({"-i", lonely.string(), "-f", "foreground.jpg"});
  EXPECT_EQ(c2.foreground.image_path, lonely / "foreground.jpg");
  EXPECT_THROW(compose::Compositor{c2}, Error);
}

TEST(ComposeOptions, BlurIsAnEffectOnWhateverTheBackgroundIs) {
  const auto dir = folder("blur", true, false, false);
  auto c = settings_for({"-i", dir.string(), "--blur", "30"});
  EXPECT_EQ(c.background, BackgroundKind::image) << "the image, blurred";
  ASSERT_EQ(c.background_effects.size(), 1u);
  EXPECT_EQ(c.background_effects[0], compose::Effect(compose::BlurEffect{30}));
  const auto empty = folder("blur-empty", false, false, false);
  c = settings_for({"-i", empty.string(), "--blur", "30"});
  EXPECT_EQ(c.background, BackgroundKind::blur) << "the real background: the fast halo-free blur";
  EXPECT_EQ(c.blur_strength, 30);
  EXPECT_TRUE(c.background_effects.empty());
  c = settings_for({"-i", dir.string(), "--no-background"});
  EXPECT_EQ(c.background, BackgroundKind::none);
  c = settings_for({"-i", dir.string(), "--no-background", "--blur"});
  EXPECT_EQ(c.background, BackgroundKind::blur) << "the seed's --no-background blurred the real background";
}

TEST(ComposeOptions, TheSuccessorsLayers) {
  const auto dir = folder("layers", true, true, true);
  auto c = settings_for({"-i", dir.string(), "--background=file=background.jpg,tile,brightness=80,mask-update-speed=70",
                         "--selfie=hologram,opacity=90", "--mask=opacity=50,cmap=jet"});
  EXPECT_EQ(c.background, BackgroundKind::image);
  EXPECT_EQ(c.fit, compose::ImageFit::tile);
  EXPECT_EQ(c.background_effects, compose::EffectList{compose::BrightnessEffect{80}});
  EXPECT_FLOAT_EQ(c.temporal.still_rate, 0.7f);
  EXPECT_EQ(c.selfie_effects, compose::EffectList{compose::HologramEffect{}});
  EXPECT_EQ(c.selfie_opacity, 90);
  EXPECT_EQ(c.foreground.opacity, 50);
  EXPECT_EQ(c.foreground.effects, compose::EffectList{compose::ColourMapEffect{cv::COLORMAP_JET}});
  c = settings_for({"-i", dir.string(), "--background=no,blur=20,cmap=bone", "--mask=no"});
  EXPECT_EQ(c.background, BackgroundKind::blur);
  EXPECT_EQ(c.blur_strength, 20);
  EXPECT_EQ(c.background_effects, compose::EffectList{compose::ColourMapEffect{cv::COLORMAP_BONE}});
  EXPECT_TRUE(c.foreground.image_path.empty());
  c = settings_for({"-i", dir.string(), "--background=solid=0,0,255"});
  EXPECT_EQ(c.background, BackgroundKind::colour);
  EXPECT_EQ(c.colour, cv::Vec3b(255, 0, 0));
}

TEST(ComposeOptions, FakecamsOwnFlags) {
  const auto dir = folder("own", false, false, false);
  const auto c = settings_for({"-i", dir.string(), "--soft-edge", "35%", "--no-refine-edges",
                               "--background-mask-update-speed", "100", "--light-wrap", "40", "--hologram",
                               "--cmap-person", "winter", "--cmap-bg", "ocean", "-F", "25"});
  EXPECT_FLOAT_EQ(c.mask.ramp, 0.35f) << "a percentage";
  EXPECT_FALSE(c.refine.enabled);
  EXPECT_FLOAT_EQ(c.temporal.still_rate, 1.0f);
  EXPECT_EQ(c.light_wrap, 40);
  EXPECT_EQ(c.selfie_effects,
            (compose::EffectList{compose::HologramEffect{}, compose::ColourMapEffect{cv::COLORMAP_WINTER}}));
  EXPECT_EQ(c.background, BackgroundKind::blur);
  EXPECT_EQ(c.background_effects, compose::EffectList{compose::ColourMapEffect{cv::COLORMAP_OCEAN}});
  EXPECT_DOUBLE_EQ(c.output_fps, 25.0);
}

TEST(ComposeOptions, LightAndDenoiseAsFlagsAndConfigKeys) {
  const auto dir = folder("light", false, false, false);
  const auto off = settings_for({"-i", dir.string()});
  EXPECT_EQ(off.light, 0);
  EXPECT_EQ(off.denoise, 0);
  const auto c = settings_for({"-i", dir.string(), "--light", "45", "--denoise", "30"});
  EXPECT_EQ(c.light, 45);
  EXPECT_EQ(c.denoise, 30);
  const auto config = dir / "fakecam.ini";
  std::ofstream(config) << "image-folder = " << dir.string() << "\nlight = 70\ndenoise = 20\n";
  const auto from_config = make_compose_settings(parse({"-c", config.string()})->cli.settings);
  EXPECT_EQ(from_config.light, 70);
  EXPECT_EQ(from_config.denoise, 20);
  EXPECT_THROW(parse({"--light", "101"}), CLI::ParseError);
  EXPECT_THROW(parse({"--denoise", "-3"}), CLI::ParseError);
}

void expect_error(std::vector<std::string> args, const std::vector<std::string>& mentions) {
  try {
    settings_for(args);
    ADD_FAILURE() << "accepted " << args.back();
  } catch (const Error& e) {
    const std::string message = e.what();
    for (const auto& m : mentions) EXPECT_NE(message.find(m), std::string::npos) << message << " should mention " << m;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ComposeOptions, ContradictionsAndMistakesAreOneLineErrors) {
  const auto dir = folder("errors", true, true, true);
  const std::string i = dir.string();
  expect_error({"-i", i, "-b", "background.jpg", "--background=file=background.jpg"},
               {"--background", "-b", "choose one"});
  expect_error({"-i", i, "--background=solid=red", "--background-colour", "blue"},
               {"--background-colour", "choose one"});
  expect_error({"-i", i, "--tile-background", "--background=stretch"}, {"fit", "choose one"});
  expect_error({"-i", i, "-f", "foreground.jpg", "--mask=foreground=foreground.jpg"}, {"-f", "--mask", "choose one"});
  expect_error({"-i", i, "--background=file=nope.jpg"}, {"nope.jpg", "no such file"});
  expect_error({"-i", i, "-m", "nope.png"}, {"nope.png", "no such file"});
  expect_error({"-i", i, "--selfie=holgram"}, {"--selfie", "holgram"});
  expect_error({"-i", i, "--cmap-person", "rainbowish"}, {"rainbowish"});
  expect_error({"-i", (dir / "no-such-folder").string()}, {"--image-folder", "no-such-folder", "no such directory"});
  expect_error({"-i", (dir / "background.jpg").string()}, {"--image-folder", "not a directory"});
  EXPECT_THROW(parse({"--light-wrap", "101"}), CLI::ParseError);
  EXPECT_THROW(parse({"--soft-edge", "300"}), CLI::ParseError);
  expect_error({"-i", i, "-b", "background.jpg", "--background-colour", "red"},
               {"-b", "--background-colour", "choose one"});
  expect_error({"-i", i, "--blur", "--background=solid=red"}, {"--blur", "choose one"});
  EXPECT_THROW(parse({"--background-mask-update-speed", "0"}), CLI::ParseError);
}

// A directory where a picture belongs is named as one, not "no such file":
// given as it is, or by a name in the image folder.
TEST(ComposeOptions, ADirectoryForAPictureSaysItIsADirectory) {
  const auto dir = folder("directories", true, true, true);
  const std::string i = dir.string();
  std::filesystem::create_directories(dir / "pictures");
  const std::string absolute = (dir / "pictures").string();
  for (const std::string flag : {"-b", "-f", "-m"}) {
    for (const std::string& name : std::vector<std::string>{absolute, "pictures"}) {
      SCOPED_TRACE(flag + " " + name);
      expect_error({"-i", i, flag, name}, {flag, "pictures", "is a directory"});
      try {
        settings_for({"-i", i, flag, name});
      } catch (const Error& e) {
        EXPECT_EQ(std::string(e.what()).find("no such file"), std::string::npos) << e.what();
      }
    }
  }
  expect_error({"-i", i, "--background=file=pictures"}, {"--background=file=", "pictures", "is a directory"});
}

TEST(ComposeOptions, EveryLongFlagIsAConfigKeyAndDumpsBack) {
  const auto dir = folder("config", true, true, true);
  const auto config = dir / "fakecam.ini";
  {
    std::ofstream out(config);
    out << "image-folder = " << dir.string() << "\n"
        << "background = file=background.jpg,blur=20,brightness=80\n"
        << "selfie = hologram,opacity=90\n"
        << "mask = \"opacity=40\"\n"
        << "soft-edge = 0.3\nno-refine-edges = true\nbackground-mask-update-speed = 60\nlight-wrap = 25\n"
        << "foreground-opacity = 70\ncmap-person = jet\ncmap-bg = bone\n";
  }
  const auto p = parse({"-c", config.string()});
  const Settings& s = p->cli.settings;
  EXPECT_EQ(s.background_spec, "file=background.jpg,blur=20,brightness=80");
  const auto c = make_compose_settings(s);
  EXPECT_EQ(c.image_path, dir / "background.jpg");
  EXPECT_EQ(c.background_effects, (compose::EffectList{compose::BlurEffect{20}, compose::BrightnessEffect{80},
                                                       compose::ColourMapEffect{cv::COLORMAP_BONE}}));
  EXPECT_EQ(c.selfie_effects,
            (compose::EffectList{compose::ColourMapEffect{cv::COLORMAP_JET}, compose::HologramEffect{}}));
  EXPECT_EQ(c.selfie_opacity, 90);
  EXPECT_EQ(c.foreground.opacity, 40);
  EXPECT_FLOAT_EQ(c.mask.ramp, 0.3f);
  EXPECT_FALSE(c.refine.enabled);
  EXPECT_FLOAT_EQ(c.temporal.still_rate, 0.6f);
  EXPECT_EQ(c.light_wrap, 25);

  // --dump-config lists every new key with its value.
  const auto from_flags =
      parse({"-i", dir.string(), "--selfie=hologram,opacity=90", "--soft-edge", "0.3", "--light-wrap", "25"});
  const std::string dumped = dump_config(from_flags->cli);
  for (const char* key : {"background-mask-update-speed = 40", "soft-edge = 0.3", "light-wrap = 25",
                          "foreground-opacity = 100", "selfie = hologram,opacity=90", "no-refine-edges = false"}) {
    EXPECT_NE(dumped.find(key), std::string::npos) << key << " in\n" << dumped;
  }
  // ... and reads back as the same settings.
  const auto dumped_file = dir / "dumped.ini";
  { std::ofstream(dumped_file) << dumped; }
  const auto again = make_compose_settings(parse({"-c", dumped_file.string()})->cli.settings);
  EXPECT_EQ(again.selfie_effects, compose::EffectList{compose::HologramEffect{}});
  EXPECT_EQ(again.selfie_opacity, 90);
  EXPECT_EQ(again.light_wrap, 25);
}

TEST(ComposeOptions, HelpDocumentsTheLayersWithExamples) {
  CommandLine cli;
  build_command_line(cli);
  const std::string help = cli.app->help();
  for (const char* text :
       {"--background", "--selfie", "--mask", "--soft-edge", "--no-refine-edges", "--light-wrap",
        "--background-mask-update-speed", "--foreground-opacity", "Examples:", "hologram", "cmap=NAME"}) {
    EXPECT_NE(help.find(text), std::string::npos) << text;
  }
}

}  // namespace
}  // namespace fakecam::app
