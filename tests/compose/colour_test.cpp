// SPDX-License-Identifier: GPL-3.0-or-later
// --background-colour parsing: every accepted form gives the right BGR, and
// anything else is a one-line Error naming the text.

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "compose/colour.hpp"

namespace fakecam::compose {
namespace {

TEST(Colour, HexSixDigitsIsRgbReturnedAsBgr) {
  EXPECT_EQ(parse_colour("#102030"), cv::Vec3b(0x30, 0x20, 0x10));
  EXPECT_EQ(parse_colour("#A0b0C0"), cv::Vec3b(0xC0, 0xB0, 0xA0));
  EXPECT_EQ(parse_colour("ff0000"), cv::Vec3b(0, 0, 255));
}

TEST(Colour, HexThreeDigitsRepeatsEachDigit) { EXPECT_EQ(parse_colour("#0f8"), cv::Vec3b(0x88, 0xff, 0x00)); }

TEST(Colour, DecimalTripletIsRgb) {
  EXPECT_EQ(parse_colour("1,2,3"), cv::Vec3b(3, 2, 1));
  EXPECT_EQ(parse_colour("255, 128 ,0"), cv::Vec3b(0, 128, 255));
}

TEST(Colour, NamesAreCaseInsensitive) {
  EXPECT_EQ(parse_colour("green"), cv::Vec3b(0, 255, 0));
  EXPECT_EQ(parse_colour("Blue"), cv::Vec3b(255, 0, 0));
  EXPECT_EQ(parse_colour("WHITE"), cv::Vec3b(255, 255, 255));
  EXPECT_EQ(parse_colour("grey"), parse_colour("gray"));
}

TEST(Colour, RejectsMalformedText) {
  for (const char* bad : {"", "#", "#12345", "#1234567", "#ggg", "1,2", "1,2,3,4", "256,0,0", "-1,0,0", "1,,2",
                          "purple-ish", "12 34 56"}) {
    try {
      parse_colour(bad);
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      const std::string message = e.what();
      EXPECT_NE(message.find(std::string("'") + bad + "'"), std::string::npos) << message;
      EXPECT_NE(message.find("#RRGGBB"), std::string::npos) << message;
      EXPECT_EQ(message.find('\n'), std::string::npos) << message;
    }
  }
}

}  // namespace
}  // namespace fakecam::compose
