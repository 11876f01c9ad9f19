// SPDX-License-Identifier: GPL-3.0-or-later
// The command line: seed flags keep their meaning, every long flag is a
// config-file key, and values are normalised and checked.

#include <gtest/gtest.h>
#include <CLI/CLI.hpp>

#include <fstream>

#include "app/cli.hpp"
#include "app/cli_config.hpp"
#include "app/layer_spec.hpp"
#include "app/parsed_command_line.hpp"
#include "common/error.hpp"
#include "support/scoped_env.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app {
namespace {

auto parse(const std::vector<std::string>& args, bool read_default_config = false) {
  return test_support::parse_command_line(args, read_default_config);
}

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
  const auto p = parse({"-W",
                        "640",
                        "-H",
                        "480",
                        "-F",
                        "15",
                        "-S",
                        "0.5",
                        "-B",
                        "http://127.0.0.1:9000",
                        "-w",
                        "/dev/video4",
                        "-v",
                        "/dev/video9",
                        "--akvcam",
                        "-i",
                        "/tmp",
                        "-b",
                        "bg.jpg",
                        "--tile-background",
                        "--no-foreground",
                        "-f",
                        "fg.png",
                        "-m",
                        "fgmask.png",
                        "--hologram"});
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

// The message of what `fn` throws (of type E), or "(accepted)".
template <typename E>
std::string error_of(const std::vector<std::string>& args) {
  try {
    parse(args);
  } catch (const E& e) {
    return e.what();
  }
  return "(accepted)";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(Cli, ThresholdAndSoftEdgeAreAFractionOrAnExplicitPercentage) {
  for (const std::string flag : {"--threshold", "--soft-edge"}) {
    auto value = [&](const std::string& v) {
      const Settings s = parse({flag, v})->cli.settings;  // a copy: the parse result dies here
      return flag == "--threshold" ? s.threshold : s.soft_edge;
    };
    EXPECT_DOUBLE_EQ(value("0.6"), 0.6);
    EXPECT_DOUBLE_EQ(value("60%"), 0.6);
    EXPECT_DOUBLE_EQ(value("1"), 1.0) << "1 is the whole scale, not 1 %";
    EXPECT_DOUBLE_EQ(value("0"), 0.0);
    EXPECT_DOUBLE_EQ(value("2.5%"), 0.025);
    // 2 was 2 % while 1 was 100 %: now it is refused, and the message says how to write 2 %.
    const std::string two = error_of<CLI::ValidationError>({flag, "2"});
    EXPECT_TRUE(has(two, flag) && has(two, "write 2%")) << two;
    for (const std::string bad : {"75", "150%", "-1", "-0.1", "abc", "0.5x", "%", "nan"}) {
      const std::string message = error_of<CLI::ValidationError>({flag, bad});
      EXPECT_TRUE(has(message, flag)) << bad << " -> " << message;
    }
  }
}

TEST(Cli, AValueTakingFlagDoesNotSwallowTheNextFlag) {
  const std::string message = error_of<CLI::ValidationError>({"--light-wrap", "--input", "x.mp4"});
  EXPECT_TRUE(has(message, "--light-wrap") && has(message, "needs a value") && has(message, "--input")) << message;
  EXPECT_TRUE(has(error_of<CLI::ValidationError>({"-W", "-H", "480"}), "-W")) << "short options too";
  EXPECT_TRUE(has(error_of<CLI::ValidationError>({"--threshold", "--blur=30"}), "--blur=30"));
  EXPECT_TRUE(has(error_of<CLI::ValidationError>({"segment", "a.jpg", "-o", "--threads", "2"}), "-o"))
      << "in a subcommand";
  // A value that only looks like an option is still a value.
  EXPECT_EQ(parse({"-v", "-"})->cli.settings.v4l2loopback_path, "-");
  EXPECT_FALSE(has(error_of<CLI::ValidationError>({"--threshold", "-0.5"}), "needs a value")) << "a negative number";
}

TEST(Cli, AMistypedOptionNamesTheNearestOne) {
  const std::string message = error_of<CLI::ExtrasError>({"--widht", "640"});
  EXPECT_TRUE(has(message, "--widht") && has(message, "did you mean --width?")) << message;
  EXPECT_TRUE(has(error_of<CLI::ExtrasError>({"--backgound-image=x.png"}), "did you mean --background-image?"));
}

TEST(Cli, HelpShowsNoDefaultsOnFlags) {
  CommandLine cli;
  build_command_line(cli);
  const std::string help = cli.app->help();
  EXPECT_FALSE(has(help, "{false}") || has(help, "{true}")) << help;
  EXPECT_TRUE(has(help, "--no-status"));
}

TEST(Cli, ConflictsAreRefused) {
  EXPECT_THROW(parse({"--tile-background", "--background-keep-aspect"}), Error);
  EXPECT_THROW(parse({"--akvcam", "--output", "x.y4m"}), Error);
  EXPECT_THROW(parse({"-W", "641"}), Error);
  EXPECT_THROW(parse({"-C", "H264"}), CLI::ValidationError);
  // Which background: one of image, colour, the camera's own.
  EXPECT_TRUE(has(error_of<Error>({"-b", "beach.jpg", "--background-colour", "green"}), "choose one"));
  EXPECT_TRUE(has(error_of<Error>({"--background=file=beach.jpg", "--background-colour", "green"}), "choose one"));
  // ... except as the colour of the bars beside a picture kept whole.
  EXPECT_NO_THROW(parse({"-b", "beach.jpg", "--background-keep-aspect", "--background-colour", "green", "--blur"}));
  EXPECT_NO_THROW(parse({"--background=file=beach.jpg,letterbox", "--background-colour", "green"}));
  EXPECT_TRUE(has(error_of<Error>({"--no-background", "-b", "beach.jpg"}), "--no-background"));
  EXPECT_TRUE(has(error_of<Error>({"--no-background", "--background-colour", "red"}), "--no-background"));
  EXPECT_TRUE(has(error_of<Error>({"--blur", "--background-colour", "red"}), "--blur"));
  EXPECT_TRUE(has(error_of<Error>({"--blur", "--background=solid=red"}), "--blur"));
  // One main output: a file or a device, not both silently.
  const std::string two = error_of<Error>({"--output", "x.y4m", "-v", "/dev/video10"});
  EXPECT_TRUE(has(two, "--output x.y4m") && has(two, "-v /dev/video10")) << two;
  EXPECT_NO_THROW(parse({"--output", "x.y4m", "--pipewire"}));
  EXPECT_TRUE(has(error_of<Error>({"-q", "--verbose"}), "--quiet"));
}

TEST(Cli, TheOutputNeverOverwritesAnInput) {
  const auto dir = test::scratch_dir("cli-output-over-input");
  const auto clip = dir / "clip.y4m";
  { std::ofstream(clip) << "YUV4MPEG2 W2 H2\n"; }
  std::filesystem::create_directories(dir / "images");
  { std::ofstream(dir / "images" / "beach.jpg") << "jpeg"; }
  std::filesystem::create_hard_link(clip, dir / "same-clip.y4m");
  const std::string message = error_of<Error>({"--input", clip.string(), "--output", clip.string()});
  EXPECT_TRUE(has(message, clip.string()) && has(message, "--input")) << message;
  EXPECT_TRUE(has(error_of<Error>({"--input", clip.string(), "--output", (dir / "same-clip.y4m").string()}), "--input"))
      << "the same file under another name";
  EXPECT_TRUE(has(error_of<Error>({"-i", (dir / "images").string(), "-b", "beach.jpg", "--output",
                                   (dir / "images" / "beach.jpg").string()}),
                  "--background-image"))
      << "found in the image folder";
  EXPECT_TRUE(
      has(error_of<Error>({"--background=file=" + clip.string(), "--output", clip.string()}), "--background=file="));
  // A new file, or another existing one, is fine.
  EXPECT_NO_THROW(parse({"--input", clip.string(), "--output", (dir / "new.y4m").string()}));
  EXPECT_NO_THROW(parse({"--input", clip.string(), "--output", (dir / "images" / "beach.jpg").string()}));
}

std::filesystem::path write_config(const std::string& name, const std::string& text) {
  const auto file = test::scratch_dir("cli-" + name) / "fakecam.ini";
  std::ofstream(file) << text;
  return file;
}

TEST(Cli, ConfigFileKeysAreTheLongFlagNames) {
  const auto config =
      write_config("config",
                   "width = 640\nheight = 360\nwebcam-path = /dev/video7\nbackground-image = beach.jpg  # my beach\n"
                   "tile-background = true\nblur = 20\nthreshold = 60%\nno-status\n");
  const auto p = parse({"-c", config.string(), "-F", "24", "-H", "480"});
  const Settings& s = p->cli.settings;
  EXPECT_EQ(s.width, 640);
  EXPECT_EQ(s.height, 480) << "the command line wins";
  EXPECT_EQ(s.fps, 24);  // the command line adds to the file
  EXPECT_EQ(s.webcam_path, "/dev/video7");
  EXPECT_EQ(s.background_image, "beach.jpg");
  EXPECT_TRUE(s.tile_background);
  EXPECT_EQ(s.blur, 20);
  EXPECT_DOUBLE_EQ(s.threshold, 0.6);
  EXPECT_FALSE(s.status);
}

TEST(Cli, ConfigBareKeysAreTheFlagsGivenAlone) {
  const auto p = parse({"-c", write_config("bare", "blur\nhflip\nno-refine-edges # softer\n").string()});
  EXPECT_EQ(p->cli.settings.blur, 50) << "as --blur alone";
  EXPECT_TRUE(p->cli.settings.hflip);
  EXPECT_TRUE(p->cli.settings.no_refine_edges);
  EXPECT_FALSE(parse({"-c", write_config("flag-false", "hflip = false\n").string()})->cli.settings.hflip);
}

TEST(Cli, ConfigPathsExpandTildeAndHome) {
  test::ScopedEnv home("HOME", "/home/someone");
  const auto p = parse(
      {"-c", write_config("tilde", "background-image = ~/beach.jpg\nforeground-image = $HOME/fg.png\n").string()});
  EXPECT_EQ(p->cli.settings.background_image, "/home/someone/beach.jpg");
  EXPECT_EQ(p->cli.settings.foreground_image, "/home/someone/fg.png");
}

// Each wrong config line is an Error naming the file and its line.
void expect_config_error(const std::string& text, int line, const std::string& mentions) {
  const auto file = write_config("bad", text);
  const std::string message = error_of<Error>({"-c", file.string()});
  EXPECT_TRUE(has(message, fmt::format("{}:{}: ", file.string(), line))) << text << " -> " << message;
  EXPECT_TRUE(has(message, mentions)) << text << " -> " << message << " should mention " << mentions;
  EXPECT_FALSE(has(message, "\n")) << message;
}

TEST(Cli, ConfigMistakesAreErrorsNamingFileLineAndTheNearestKey) {
  expect_config_error("height = 480\nwidht = 640\n", 2, "unknown key 'widht' (did you mean width?)");
  expect_config_error("Width = 640\n", 1, "did you mean width?");
  expect_config_error("backround-image = x.png\n", 1, "did you mean background-image?");
  expect_config_error("frobnicate = 1\n", 1, "unknown key 'frobnicate'");
  expect_config_error("W = 640\n", 1, "unknown key 'W'");
  expect_config_error("[fakecam]\nwidth = 640\n", 1, "sections are not used");
  expect_config_error("width: 640\n", 1, "key = value");
  expect_config_error("check = true\n", 1, "cannot be set in a config file");
  expect_config_error("config = other.ini\n", 1, "cannot be set in a config file");
  expect_config_error("width\n", 1, "needs a value");
  expect_config_error("width = 8\n", 1, "width = 8");
  expect_config_error("width = wide\n", 1, "width = wide");
  expect_config_error("hflip = maybe\n", 1, "hflip = maybe");
  expect_config_error("\nthreshold = 60\n", 2, "write 60%");
  expect_config_error("light-wrap = 101\n", 1, "light-wrap");
  expect_config_error("background-colour = red\nbackground-color = blue\n", 2, "already set on line 1");
}

TEST(Cli, TheDefaultConfigFileIsReadWhenPresent) {
  const auto xdg = test::scratch_dir("cli-xdg");
  test::ScopedEnv config_home("XDG_CONFIG_HOME", xdg.c_str());
  EXPECT_EQ(default_config_path(), xdg / "fakecam" / "config.ini");
  EXPECT_EQ(parse({}, true)->cli.settings.width, 1280) << "no file: the defaults";
  std::filesystem::create_directories(xdg / "fakecam");
  std::ofstream(xdg / "fakecam" / "config.ini") << "width = 640\nfps = 15\n";
  const auto p = parse({"-F", "25"}, true);
  EXPECT_EQ(p->cli.settings.width, 640);
  EXPECT_EQ(p->cli.settings.fps, 25) << "the command line wins";
  // -c names another file instead of the default one.
  EXPECT_EQ(parse({"-c", write_config("other", "height = 480\n").string()}, true)->cli.settings.width, 1280);
  EXPECT_EQ(parse({"-c", "/dev/null"}, true)->cli.settings.width, 1280);
  // A bad default file is an error too, naming it.
  std::ofstream(xdg / "fakecam" / "config.ini") << "widht = 640\n";
  EXPECT_TRUE(has(error_of<Error>({}), "(accepted)")) << "tests do not read it unless asked";
  try {
    parse({}, true);
    ADD_FAILURE() << "accepted";
  } catch (const Error& e) {
    EXPECT_TRUE(has(e.what(), (xdg / "fakecam" / "config.ini").string() + ":1:")) << e.what();
  }
  // Without XDG_CONFIG_HOME: ~/.config.
  test::ScopedEnv unset("XDG_CONFIG_HOME", nullptr);
  test::ScopedEnv home("HOME", "/home/someone");
  EXPECT_EQ(default_config_path(), std::filesystem::path("/home/someone/.config/fakecam/config.ini"));
  EXPECT_TRUE(has(error_of<Error>({"-c", "/nonexistent/x.ini"}), "/nonexistent/x.ini"));
}

TEST(Cli, DumpConfigReadsBackToTheSameSettings) {
  const auto dir = test::scratch_dir("cli-dump");
  const auto first = parse({"-W",
                            "800",
                            "-H",
                            "600",
                            "-b",
                            dir.string() + "/my # beach's.png",
                            "--hflip",
                            "--pixel-format",
                            "nv12",
                            "--threshold",
                            "35%",
                            "--soft-edge",
                            "0.25",
                            "--no-status",
                            "--selfie=hologram,opacity=90",
                            "--background=brightness=80",
                            "--background=cmap=jet",
                            "--blur",
                            "--light-wrap",
                            "40",
                            "--model",
                            "landscape",
                            "-v",
                            "pipewire:cam",
                            "--max-fps",
                            "12.5",
                            "-q"});
  const std::string dumped = dump_config(first->cli);
  EXPECT_TRUE(has(dumped, "width = 800")) << dumped;
  EXPECT_TRUE(has(dumped, "threshold = 0.35")) << dumped;
  EXPECT_FALSE(has(dumped, "dump-config") || has(dumped, "check") || has(dumped, "help")) << dumped;
  const auto config = dir / "dumped.ini";
  { std::ofstream(config) << dumped; }
  const auto second = parse({"-c", config.string()});
  EXPECT_EQ(dump_config(second->cli), dumped) << "the file reads back as the same settings";
  const Settings& a = first->cli.settings;
  const Settings& b = second->cli.settings;
  EXPECT_EQ(b.width, 800);
  EXPECT_EQ(b.background_image, a.background_image);
  EXPECT_TRUE(b.hflip);
  EXPECT_FALSE(b.vflip);
  EXPECT_EQ(b.pixel_format, "nv12");
  EXPECT_DOUBLE_EQ(b.threshold, 0.35);
  EXPECT_DOUBLE_EQ(b.soft_edge, 0.25);
  EXPECT_FALSE(b.status);
  EXPECT_EQ(b.verbosity, 0);
  EXPECT_EQ(b.blur, 50);
  EXPECT_EQ(b.light_wrap, 40);
  EXPECT_EQ(b.pipewire_name, "cam");
  EXPECT_EQ(b.v4l2loopback_path, "pipewire:cam");
  EXPECT_DOUBLE_EQ(b.max_fps, 12.5);
  EXPECT_EQ(parse_selfie_spec(b.selfie_spec).effects, parse_selfie_spec(a.selfie_spec).effects);
  EXPECT_EQ(parse_background_spec(b.background_spec).effects, parse_background_spec(a.background_spec).effects);
  EXPECT_EQ(parse_background_spec(b.background_spec).effects.size(), 2u) << b.background_spec;
}

}  // namespace
}  // namespace fakecam::app
