// SPDX-License-Identifier: GPL-3.0-or-later
// The command line that selects the PipeWire camera: -v pipewire:, --pipewire
// alone or beside a device, contradictions, config keys and --dump-config.

#include <gtest/gtest.h>

#include "app/cli.hpp"
#include "app/parsed_command_line.hpp"
#include "common/error.hpp"
#include "support/test_paths.hpp"

namespace fakecam::test {
namespace {

// (The default config file is not read: a developer's own must not change
// the results.)
std::unique_ptr<app::test_support::ParsedCommandLine> parse(const std::vector<std::string>& args) {
  return app::test_support::parse_command_line(args);
}

TEST(PipeWireCli, VPipewireMeansPipeWireOnly) {
  const auto p = parse({"-v", "pipewire:"});
  EXPECT_TRUE(p->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(p->cli.settings));
  EXPECT_EQ(p->cli.settings.pipewire_name, "fakecam");

  const auto named = parse({"-v", "pipewire:studio-cam"});
  EXPECT_TRUE(named->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(named->cli.settings));
  EXPECT_EQ(named->cli.settings.pipewire_name, "studio-cam");
}

TEST(PipeWireCli, FlagAloneIsPipeWireOnlyAndBesideADeviceItIsBoth) {
  // No -v: the default /dev/video2 is not opened (no kernel module needed).
  const auto alone = parse({"--pipewire", "--pipewire-name", "cam2"});
  EXPECT_TRUE(alone->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(alone->cli.settings));
  EXPECT_EQ(alone->cli.settings.pipewire_name, "cam2");

  const auto both = parse({"--pipewire", "-v", "/dev/video10"});
  EXPECT_TRUE(both->cli.settings.pipewire);
  EXPECT_FALSE(app::pipewire_only(both->cli.settings));
  EXPECT_EQ(both->cli.settings.v4l2loopback_path, "/dev/video10");

  const auto without = parse({"-v", "/dev/video10"});
  EXPECT_FALSE(without->cli.settings.pipewire);
  EXPECT_FALSE(app::pipewire_only(without->cli.settings));
}

TEST(PipeWireCli, ContradictionsAreOneLineErrors) {
  const struct {
    std::vector<std::string> args;
    const char* expected;
  } cases[] = {
      {{"-v", "pipewire:a", "--pipewire-name", "b"}, "two names"},
      {{"-v", "pipewire:", "--akvcam"}, "--akvcam"},
      {{"--pipewire", "--pipewire-name", "my cam"}, "my cam"},
  };
  for (const auto& c : cases) {
    try {
      parse(c.args);
      ADD_FAILURE() << c.expected << ": accepted";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find(c.expected), std::string::npos) << e.what();
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
}

TEST(PipeWireCli, ConfigKeysAndDumpReadBack) {
  const auto dir = scratch_dir("pw-cli-config");
  const auto config = dir / "fakecam.ini";
  { std::ofstream(config) << "pipewire = true\npipewire-name = from-config\n"; }
  const auto p = parse({"-c", config.string()});
  EXPECT_TRUE(p->cli.settings.pipewire);
  EXPECT_TRUE(app::pipewire_only(p->cli.settings));
  EXPECT_EQ(p->cli.settings.pipewire_name, "from-config");

  // Each way of asking dumps a config that reads back as the same outputs.
  const std::vector<std::vector<std::string>> asks = {
      {"-v", "pipewire:dumped"}, {"--pipewire"}, {"--pipewire", "-v", "/dev/video10"}, {"-v", "/dev/video10"}};
  for (const auto& ask : asks) {
    const auto first = parse(ask);
    const std::string dumped = app::dump_config(first->cli);
    const auto file = dir / "dumped.ini";
    { std::ofstream(file) << dumped; }
    const auto second = parse({"-c", file.string()});
    const app::Settings& a = first->cli.settings;
    const app::Settings& b = second->cli.settings;
    EXPECT_EQ(a.pipewire, b.pipewire) << dumped;
    EXPECT_EQ(a.pipewire_name, b.pipewire_name) << dumped;
    EXPECT_EQ(a.v4l2loopback_path, b.v4l2loopback_path) << dumped;
    EXPECT_EQ(app::pipewire_only(a), app::pipewire_only(b)) << dumped;
  }
}

}  // namespace
}  // namespace fakecam::test
