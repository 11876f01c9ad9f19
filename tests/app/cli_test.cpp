// The command line: seed flags keep their meaning, every long flag is a
// config-file key, and values are normalised and checked.

#include <gtest/gtest.h>

#include <fstream>

#include "app/cli.hpp"
#include "app/parsed_command_line.hpp"
#include "common/error.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app {
namespace {

auto parse(const std::vector<std::string>& args) { return test_support::parse_command_line(args); }

TEST(Cli, SeedDefaults) {
  const auto p = parse({});
  const Settings& s = p->cli.settings;
  EXPECT_EQ(s.width, 1280);
  EXPECT_EQ(s.height, 720);
  EXPECT_EQ(s.fps, 30);
  EXPECT_EQ(s.webcam_path, "/dev/video0");
  EXPECT_EQ(s.v4l2loopback_path, "");  // chosen at start-up (output/default_loopback.hpp)
  EXPECT_EQ(s.image_folder, ".");
  EXPECT_FALSE(s.akvcam);
  EXPECT_FALSE(s.blur.has_value());
  EXPECT_TRUE(p->notes.empty());
}

TEST(Cli, EverySeedFlagParses) {
  const auto p = parse({"-W", "640", "-H", "480", "-F", "15", "-S", "0.5", "-B", "http://127.0.0.1:9000", "-w",
                        "/dev/video4", "-v", "/dev/video9", "--akvcam", "-i", "/tmp", "-b", "bg.jpg", "--tile-background",
                        "--no-foreground", "-f", "fg.png", "-m", "fgmask.png", "--hologram"});
  const Settings& s = p->cli.settings;
  EXPECT_EQ(s.width, 640);
  EXPECT_EQ(s.height, 480);
  EXPECT_EQ(s.fps, 15);
  EXPECT_EQ(s.webcam_path, "/dev/video4");
  EXPECT_EQ(s.v4l2loopback_path, "/dev/video9");
  EXPECT_TRUE(s.akvcam);
  EXPECT_EQ(s.image_folder, "/tmp");
  EXPECT_EQ(s.background_image, "bg.jpg");
  EXPECT_TRUE(s.tile_background);
  EXPECT_TRUE(s.no_foreground);
  EXPECT_EQ(s.foreground_image, "fg.png");
  EXPECT_EQ(s.foreground_mask_image, "fgmask.png");
  EXPECT_TRUE(s.hologram);
  // -S and -B are explained, not silently dropped.
  ASSERT_EQ(p->notes.size(), 2u);
  EXPECT_NE(p->notes[0].find("-S/--scale-factor"), std::string::npos);
  EXPECT_NE(p->notes[1].find("-B/--bodypix-url"), std::string::npos);
  EXPECT_NE(p->notes[1].find("no BodyPix server"), std::string::npos);
}

TEST(Cli, BlurTakesAnOptionalStrength) {
  EXPECT_EQ(parse({"--blur"})->cli.settings.blur, 50);
  EXPECT_EQ(parse({"--blur", "30"})->cli.settings.blur, 30);
  EXPECT_EQ(parse({"--blur=80"})->cli.settings.blur, 80);
  EXPECT_THROW(parse({"--blur", "0"}), Error);
  EXPECT_THROW(parse({"--blur", "101"}), Error);
  EXPECT_THROW(parse({"--blur", "x"}), Error);
}

TEST(Cli, ThresholdAcceptsFractionsAndTheSuccessorsPercentages) {
  EXPECT_DOUBLE_EQ(parse({"--threshold", "0.6"})->cli.settings.threshold, 0.6);
  EXPECT_DOUBLE_EQ(parse({"--threshold", "75"})->cli.settings.threshold, 0.75);
  EXPECT_THROW(parse({"--threshold", "150"}), Error);
  EXPECT_THROW(parse({"--threshold", "-1"}), Error);
}

TEST(Cli, ConflictsAreRefused) {
  EXPECT_THROW(parse({"--tile-background", "--background-keep-aspect"}), Error);
  EXPECT_THROW(parse({"--akvcam", "--output", "x.y4m"}), Error);
  EXPECT_THROW(parse({"-W", "641"}), Error);
  EXPECT_THROW(parse({"-C", "H264"}), CLI::ValidationError);
}

TEST(Cli, ConfigFileKeysAreTheLongFlagNames) {
  const auto dir = test::scratch_dir("cli-config");
  const auto config = dir / "fakecam.ini";
  {
    std::ofstream out(config);
    out << "width = 640\nheight = 360\nwebcam-path = /dev/video7\nbackground-image = beach.jpg\n"
           "tile-background = true\nblur = 20\nthreshold = 60\n";
  }
  const auto p = parse({"-c", config.string(), "-F", "24"});
  const Settings& s = p->cli.settings;
  EXPECT_EQ(s.width, 640);
  EXPECT_EQ(s.height, 360);
  EXPECT_EQ(s.fps, 24);  // the command line adds to the file
  EXPECT_EQ(s.webcam_path, "/dev/video7");
  EXPECT_EQ(s.background_image, "beach.jpg");
  EXPECT_TRUE(s.tile_background);
  EXPECT_EQ(s.blur, 20);
  EXPECT_DOUBLE_EQ(s.threshold, 0.6);
}

TEST(Cli, DumpConfigReadsBackToTheSameSettings) {
  const auto first = parse({"-W", "800", "-H", "600", "-b", "x.png", "--hflip", "--pixel-format", "nv12"});
  const std::string dumped = dump_config(first->cli);
  EXPECT_NE(dumped.find("width = 800"), std::string::npos) << dumped;
  EXPECT_EQ(dumped.find("dump-config"), std::string::npos) << dumped;
  const auto dir = test::scratch_dir("cli-dump");
  const auto config = dir / "dumped.ini";
  { std::ofstream(config) << dumped; }
  const auto second = parse({"-c", config.string()});
  const Settings& s = second->cli.settings;
  EXPECT_EQ(s.width, 800);
  EXPECT_EQ(s.height, 600);
  EXPECT_EQ(s.background_image, "x.png");
  EXPECT_TRUE(s.hflip);
  EXPECT_EQ(s.pixel_format, "nv12");
}

}  // namespace
}  // namespace fakecam::app
