// SPDX-License-Identifier: GPL-3.0-or-later
// The config file's text format on its own: comments, quotes, ~ and
// $VARIABLES, bare flag keys, and one-line errors naming file and line.

#include <gtest/gtest.h>

#include "app/config_file.hpp"
#include "common/error.hpp"
#include "support/scoped_env.hpp"

namespace fakecam::app {
namespace {

std::vector<ConfigEntry> parse(std::string_view text) { return parse_config_text(text, "my.ini"); }

std::string error_of(std::string_view text) {
  try {
    parse(text);
  } catch (const Error& e) {
    return e.what();
  }
  return "(accepted)";
}

TEST(ConfigFile, KeysValuesCommentsAndBareKeys) {
  const auto entries = parse(
      "# a comment\n"
      "; another\n"
      "\n"
      "width = 640   # trailing comment\n"
      "  height=360\r\n"
      "background-colour = #00ff00  # a value may start with #\n"
      "blur\n"
      "hflip   # bare flag with a comment\n"
      "background = file=beach.mp4,blur=20\n");
  ASSERT_EQ(entries.size(), 6u);
  EXPECT_EQ(entries[0].key, "width");
  EXPECT_EQ(entries[0].value, "640");
  EXPECT_EQ(entries[0].line, 4);
  EXPECT_EQ(entries[1].key, "height");
  EXPECT_EQ(entries[1].value, "360");
  EXPECT_EQ(entries[2].value, "#00ff00");
  EXPECT_EQ(entries[3].key, "blur");
  EXPECT_FALSE(entries[3].value.has_value());
  EXPECT_EQ(entries[4].key, "hflip");
  EXPECT_FALSE(entries[4].value.has_value());
  EXPECT_EQ(entries[5].key, "background");
  EXPECT_EQ(entries[5].value, "file=beach.mp4,blur=20");
  EXPECT_EQ(entries[5].line, 9);
}

TEST(ConfigFile, TildeAndVariablesExpandLikeAShell) {
  test::ScopedEnv home("HOME", "/home/me");
  test::ScopedEnv pics("PICS", "/srv/pictures");
  test::ScopedEnv unset("FAKECAM_SURELY_UNSET", nullptr);
  const auto entries = parse(
      "a = ~/beach.jpg\n"
      "b = $HOME/x.png\n"
      "c = ${PICS}/y.png\n"
      "d = \"$HOME/with space.png\"  # double quotes expand\n"
      "e = '$HOME/literal # not a comment'\n"
      "f = \"cost \\$5 \\\"quoted\\\"\"\n"
      "g = a~b$\n"
      "h = ~\n");
  ASSERT_EQ(entries.size(), 8u);
  EXPECT_EQ(entries[0].value, "/home/me/beach.jpg");
  EXPECT_EQ(entries[1].value, "/home/me/x.png");
  EXPECT_EQ(entries[2].value, "/srv/pictures/y.png");
  EXPECT_EQ(entries[3].value, "/home/me/with space.png");
  EXPECT_EQ(entries[4].value, "$HOME/literal # not a comment");
  EXPECT_EQ(entries[5].value, "cost $5 \"quoted\"");
  EXPECT_EQ(entries[6].value, "a~b$");
  EXPECT_EQ(entries[7].value, "/home/me");
  EXPECT_NE(error_of("x = $FAKECAM_SURELY_UNSET/a\n").find("my.ini:1: $FAKECAM_SURELY_UNSET is not set"),
            std::string::npos);
}

TEST(ConfigFile, MalformedLinesNameFileAndLine) {
  EXPECT_NE(error_of("width = 640\n[camera]\n").find("my.ini:2: '[camera]': sections are not used"), std::string::npos);
  EXPECT_NE(error_of("width: 640\n").find("my.ini:1: 'width: 640': write key = value"), std::string::npos);
  EXPECT_NE(error_of("\n\nwidth 640\n").find("my.ini:3:"), std::string::npos);
  EXPECT_NE(error_of("= 640\n").find("my.ini:1: '= 640': no key"), std::string::npos);
  EXPECT_NE(error_of("width =\n").find("my.ini:1: 'width =': no value"), std::string::npos);
  EXPECT_NE(error_of("a = \"open\n").find("my.ini:1: no closing \""), std::string::npos);
  EXPECT_NE(error_of("a = 'x' y\n").find("my.ini:1: 'y' after the closing quote"), std::string::npos);
  EXPECT_NE(error_of("a = ${HOME\n").find("my.ini:1:"), std::string::npos);
  EXPECT_NE(error_of(std::string_view("a = b\0c\n", 8)).find("NUL"), std::string::npos);
  for (const char* bad : {"[x]", "a: b", "a b", "= b", "a =", "a = 'b", "a = ${}"}) {
    const std::string message = error_of(bad);
    EXPECT_EQ(message.rfind("my.ini:1: ", 0), 0u) << bad << " -> " << message;
    EXPECT_EQ(message.find('\n'), std::string::npos) << message;
  }
}

TEST(ConfigFile, QuotedValuesReadBackUnchanged) {
  for (const std::string value :
       {"plain", "with space", "#00ff00", "$HOME", "it's", "it's $x \"q\" \\", "~/x", "a;b", ""}) {
    const std::string quoted = quote_config_value(value);
    const auto entries = parse("k = " + quoted + "  # comment\n");
    ASSERT_EQ(entries.size(), 1u) << quoted;
    EXPECT_EQ(entries[0].value, value) << quoted;
  }
  EXPECT_EQ(quote_config_value("1280"), "1280");
}

TEST(ConfigFile, UnreadableFileIsNamed) {
  try {
    read_config_file("/nonexistent/fakecam.ini");
    ADD_FAILURE();
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/fakecam.ini"), std::string::npos) << e.what();
  }
  EXPECT_THROW(read_config_file("/tmp"), Error);
  EXPECT_TRUE(read_config_file("/dev/null").empty());
}

}  // namespace
}  // namespace fakecam::app
