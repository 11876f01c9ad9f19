// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/raw_converter.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgproc.hpp>

#include "common/yuv_image.hpp"
#include "support/jpeg_fixture.hpp"
#include "support/yuv_distance.hpp"

namespace fakecam::capture {
namespace {

struct Yuv {
  std::uint8_t y, u, v;
};
// BT.601 limited range, the values a UVC webcam sends for these colours.
constexpr Yuv kWhite{235, 128, 128};
constexpr Yuv kBlack{16, 128, 128};
constexpr Yuv kRed{81, 90, 240};
constexpr Yuv kGreen{145, 54, 34};
constexpr Yuv kBlue{41, 240, 110};

void expect_bgr(const cv::Mat& image, int x, int y, cv::Vec3b want) {
  const cv::Vec3b got = image.at<cv::Vec3b>(y, x);
  for (int c = 0; c < 3; ++c) {
    EXPECT_NEAR(got[c], want[c], 3) << "pixel (" << x << "," << y << ") channel " << c << " got " << got << " want "
                                    << want;
  }
}

// A 4x2 frame of pixel pairs (each pair shares its chroma), row 1 the pairs
// of row 0 in reverse; lines padded to `stride` bytes. Packed 4:2:2 with the
// byte order given by `uyvy`.
std::vector<std::uint8_t> packed_422(const std::vector<Yuv>& pairs, int stride, bool uyvy) {
  const int pairs_per_row = static_cast<int>(pairs.size());
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(stride) * 2, 0xEE);
  for (int row = 0; row < 2; ++row) {
    for (int i = 0; i < pairs_per_row; ++i) {
      const Yuv& p = pairs[static_cast<std::size_t>(row == 0 ? i : pairs_per_row - 1 - i)];
      std::uint8_t* px = &bytes[static_cast<std::size_t>(row * stride + 4 * i)];
      if (uyvy) {
        px[0] = p.u, px[1] = p.y, px[2] = p.v, px[3] = p.y;
      } else {
        px[0] = p.y, px[1] = p.u, px[2] = p.y, px[3] = p.v;
      }
    }
  }
  return bytes;
}

void expect_pattern(const cv::Mat& out) {
  ASSERT_EQ(out.type(), CV_8UC3);
  ASSERT_EQ(out.size(), cv::Size(8, 2));
  const cv::Vec3b white(255, 255, 255), black(0, 0, 0), red(0, 0, 255), green(0, 255, 0);
  for (int x : {0, 1}) expect_bgr(out, x, 0, white);
  for (int x : {2, 3}) expect_bgr(out, x, 0, red);
  for (int x : {4, 5}) expect_bgr(out, x, 0, green);
  for (int x : {6, 7}) expect_bgr(out, x, 0, black);
  for (int x : {0, 1}) expect_bgr(out, x, 1, black);
  for (int x : {2, 3}) expect_bgr(out, x, 1, green);
  for (int x : {4, 5}) expect_bgr(out, x, 1, red);
  for (int x : {6, 7}) expect_bgr(out, x, 1, white);
}

TEST(RawConverter, YuyvToBgr) {
  const int stride = 8 * 2 + 16;  // padded lines, as some drivers deliver
  const auto bytes = packed_422({kWhite, kRed, kGreen, kBlack}, stride, false);
  RawConverter converter;
  cv::Mat out;
  ASSERT_TRUE(converter.convert(PixelFormat::yuyv, bytes, {8, 2}, stride, out));
  expect_pattern(out);
}

TEST(RawConverter, UyvyToBgr) {
  const auto bytes = packed_422({kWhite, kRed, kGreen, kBlack}, 16, true);
  RawConverter converter;
  cv::Mat out;
  ASSERT_TRUE(converter.convert(PixelFormat::uyvy, bytes, {8, 2}, 16, out));
  expect_pattern(out);
}

TEST(RawConverter, YuyvLumaVariesWithinAPair) {
  // The two pixels of a pair share chroma but not luma: Y0=16, Y1=235.
  const std::vector<std::uint8_t> bytes = {16, 128, 235, 128, 235, 128, 16, 128};
  RawConverter converter;
  cv::Mat out;
  ASSERT_TRUE(converter.convert(PixelFormat::yuyv, bytes, {4, 1}, 8, out));
  expect_bgr(out, 0, 0, {0, 0, 0});
  expect_bgr(out, 1, 0, {255, 255, 255});
  expect_bgr(out, 2, 0, {255, 255, 255});
  expect_bgr(out, 3, 0, {0, 0, 0});
}

TEST(RawConverter, YuyvAgreesWithOpenCVOnALargeFrame) {
  // Bands of many rows exercise the row-band loop and SIMD paths.
  const cv::Size size(640, 37);
  cv::Mat yuyv(size.height, size.width * 2, CV_8UC1);
  cv::RNG rng(3);
  rng.fill(yuyv, cv::RNG::UNIFORM, 16, 236);
  RawConverter converter;
  cv::Mat out;
  ASSERT_TRUE(converter.convert(PixelFormat::yuyv, {yuyv.data, yuyv.total()}, size, size.width * 2, out));
  cv::Mat reference;
  cv::cvtColor(yuyv.reshape(2), reference, cv::COLOR_YUV2BGR_YUYV);
  cv::Mat diff;
  cv::absdiff(out, reference, diff);
  EXPECT_LE(cv::norm(diff, cv::NORM_INF), 4.0);
  EXPECT_LT(cv::mean(diff)[0], 1.5);
}

TEST(RawConverter, Nv12ToBgr) {
  // 4x2: the left 2x2 block red, the right one blue; one chroma sample each.
  const int stride = 4;
  std::vector<std::uint8_t> bytes = {kRed.y, kRed.y, kBlue.y, kBlue.y,   // luma row 0
                                     kRed.y, kRed.y, kBlue.y, kBlue.y,   // luma row 1
                                     kRed.u, kRed.v, kBlue.u, kBlue.v};  // interleaved UV
  RawConverter converter;
  cv::Mat out;
  ASSERT_TRUE(converter.convert(PixelFormat::nv12, bytes, {4, 2}, stride, out));
  for (int y : {0, 1}) {
    for (int x : {0, 1}) expect_bgr(out, x, y, {0, 0, 255});
    for (int x : {2, 3}) expect_bgr(out, x, y, {255, 0, 0});
  }
}

TEST(RawConverter, Bgr24IsCopiedRowByRow) {
  const int stride = 8;  // 2 pixels of 3 bytes + 2 bytes padding
  const std::vector<std::uint8_t> bytes = {1, 2, 3, 4, 5, 6, 0, 0, 7, 8, 9, 10, 11, 12, 0, 0};
  RawConverter converter;
  cv::Mat out;
  ASSERT_TRUE(converter.convert(PixelFormat::bgr24, bytes, {2, 2}, stride, out));
  EXPECT_EQ(out.at<cv::Vec3b>(0, 0), cv::Vec3b(1, 2, 3));
  EXPECT_EQ(out.at<cv::Vec3b>(1, 1), cv::Vec3b(10, 11, 12));
}

TEST(RawConverter, RefusesAnIncompleteFrameWithoutTouchingTheOutput) {
  const auto bytes = packed_422({kWhite, kRed, kGreen, kBlack}, 16, false);
  RawConverter converter;
  cv::Mat out(2, 8, CV_8UC3, cv::Scalar(7, 7, 7));
  const std::span<const std::uint8_t> short_buffer(bytes.data(), bytes.size() - 1);
  EXPECT_FALSE(converter.convert(PixelFormat::yuyv, short_buffer, {8, 2}, 16, out));
  EXPECT_EQ(cv::countNonZero(out.reshape(1) != 7), 0);
}

TEST(RawConverter, FrameBytes) {
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::yuyv, {640, 480}, 1280), 640u * 480 * 2);
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::yuyv, {640, 480}, 1300), 1300u * 479 + 1280);
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::yuyv, {640, 480}, 1000), 0u);  // stride shorter than a line
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::nv12, {640, 480}, 640), 640u * 480 * 3 / 2);
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::mjpeg, {640, 480}, 0), 0u);
  EXPECT_TRUE(RawConverter::converts(PixelFormat::yuyv));
  EXPECT_FALSE(RawConverter::converts(PixelFormat::mjpeg));
}

// --- To YUV (convert(..., YuvImage&)) ---

// `source`'s picture laid out as a webcam sends `format`, lines padded to
// `stride` bytes (of the luma plane). Packed 4:2:2 repeats each chroma row
// for the two lines it covers.
std::vector<std::uint8_t> raw_frame(PixelFormat format, const YuvImage& source, const cv::Mat& bgr, int stride) {
  const cv::Size size = source.size();
  const cv::Mat y = source.y(), u = source.u(), v = source.v();
  const auto w = static_cast<std::size_t>(size.width), h = static_cast<std::size_t>(size.height);
  const auto pitch = static_cast<std::size_t>(stride);
  std::vector<std::uint8_t> bytes(RawConverter::frame_bytes(format, size, stride) + 7, 0xEE);
  for (std::size_t r = 0; r < h; ++r) {
    std::uint8_t* line = &bytes[r * pitch];
    const int cr = static_cast<int>(r / 2);
    for (std::size_t x = 0; x < w; ++x) {
      const int xi = static_cast<int>(x), ci = static_cast<int>(x / 2);
      switch (format) {
        case PixelFormat::yuyv:
          line[2 * x] = y.at<std::uint8_t>(static_cast<int>(r), xi);
          line[2 * x + 1] = x % 2 == 0 ? u.at<std::uint8_t>(cr, ci) : v.at<std::uint8_t>(cr, ci);
          break;
        case PixelFormat::uyvy:
          line[2 * x + 1] = y.at<std::uint8_t>(static_cast<int>(r), xi);
          line[2 * x] = x % 2 == 0 ? u.at<std::uint8_t>(cr, ci) : v.at<std::uint8_t>(cr, ci);
          break;
        case PixelFormat::nv12:
        case PixelFormat::i420:
          line[x] = y.at<std::uint8_t>(static_cast<int>(r), xi);
          break;
        case PixelFormat::bgr24:
          for (std::size_t c = 0; c < 3; ++c)
            line[3 * x + c] = bgr.at<cv::Vec3b>(static_cast<int>(r), xi)[static_cast<int>(c)];
          break;
        default:
          ADD_FAILURE() << "no layout for " << pixel_format_name(format);
      }
    }
  }
  for (std::size_t r = 0; r < h / 2; ++r) {
    const int ri = static_cast<int>(r);
    for (std::size_t x = 0; x < w / 2; ++x) {
      const int xi = static_cast<int>(x);
      if (format == PixelFormat::nv12) {
        bytes[(h + r) * pitch + 2 * x] = u.at<std::uint8_t>(ri, xi);
        bytes[(h + r) * pitch + 2 * x + 1] = v.at<std::uint8_t>(ri, xi);
      } else if (format == PixelFormat::i420) {
        bytes[h * pitch + r * pitch / 2 + x] = u.at<std::uint8_t>(ri, xi);
        bytes[h * pitch + (h / 2) * pitch / 2 + r * pitch / 2 + x] = v.at<std::uint8_t>(ri, xi);
      }
    }
  }
  return bytes;
}

class RawToYuv : public ::testing::TestWithParam<PixelFormat> {};

// The camera's own samples come through untouched: the luma exactly, packed
// 4:2:2's chroma (the same row twice here) averaged back to itself, NV12's
// split, I420's copied; BGR24 is bgr_to_yuv's. And the BGR path's picture,
// converted to YUV, agrees within the roundings of its YUV -> BGR -> YUV trip
// (measured: max 2, mean 0.2 levels).
TEST_P(RawToYuv, KeepsTheCamerasSamplesAndAgreesWithTheBgrPath) {
  const PixelFormat format = GetParam();
  const cv::Mat picture = test::test_picture({320, 240});
  YuvImage source;
  bgr_to_yuv(picture, source);
  const int stride = format == PixelFormat::yuyv || format == PixelFormat::uyvy ? 320 * 2 + 16
                     : format == PixelFormat::bgr24                             ? 320 * 3 + 8
                                                                                : 320 + 16;
  const auto bytes = raw_frame(format, source, picture, stride);
  RawConverter converter;
  YuvImage yuv;
  ASSERT_TRUE(converter.convert(format, bytes, {320, 240}, stride, yuv));
  ASSERT_EQ(yuv.size(), cv::Size(320, 240));
  EXPECT_EQ(test::yuv_distance(yuv, source).max, 0.0);

  cv::Mat bgr;
  ASSERT_TRUE(converter.convert(format, bytes, {320, 240}, stride, bgr));
  YuvImage via_bgr;
  bgr_to_yuv(bgr, via_bgr);
  const auto d = test::yuv_distance(yuv, via_bgr);
  EXPECT_LE(d.max, 2.0);
  EXPECT_LT(d.mean, 0.5);
}

INSTANTIATE_TEST_SUITE_P(Formats, RawToYuv,
                         ::testing::Values(PixelFormat::yuyv, PixelFormat::uyvy, PixelFormat::nv12, PixelFormat::i420,
                                           PixelFormat::bgr24),
                         [](const ::testing::TestParamInfo<PixelFormat>& param) {
                           return std::string(pixel_format_name(param.param));
                         });

TEST(RawConverter, YuyvToYuvAveragesTheTwoChromaRowsOfEachPair) {
  // 2x2: row 0 has U=100, V=200; row 1 U=50, V=101. 4:2:0 keeps their means.
  const std::vector<std::uint8_t> bytes = {30, 100, 40, 200, 50, 50, 60, 101};
  RawConverter converter;
  YuvImage out;
  ASSERT_TRUE(converter.convert(PixelFormat::yuyv, bytes, {2, 2}, 4, out));
  EXPECT_EQ(out.y().at<std::uint8_t>(0, 0), 30);
  EXPECT_EQ(out.y().at<std::uint8_t>(0, 1), 40);
  EXPECT_EQ(out.y().at<std::uint8_t>(1, 0), 50);
  EXPECT_EQ(out.y().at<std::uint8_t>(1, 1), 60);
  EXPECT_EQ(out.u().at<std::uint8_t>(0, 0), 75);
  EXPECT_NEAR(out.v().at<std::uint8_t>(0, 0), 150.5, 0.5);
}

TEST(RawConverter, ToYuvRefusesAnIncompleteFrameWithoutTouchingTheOutput) {
  const auto bytes = packed_422({kWhite, kRed, kGreen, kBlack}, 16, false);
  RawConverter converter;
  YuvImage out({8, 2});
  out.fill(7, 7, 7);
  const std::span<const std::uint8_t> short_buffer(bytes.data(), bytes.size() - 1);
  EXPECT_FALSE(converter.convert(PixelFormat::yuyv, short_buffer, {8, 2}, 16, out));
  EXPECT_EQ(cv::countNonZero(out.y() != 7) + cv::countNonZero(out.u() != 7) + cv::countNonZero(out.v() != 7), 0);
}

TEST(RawConverter, I420FrameBytes) {
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::i420, {640, 480}, 640), 640u * 480 * 3 / 2);
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::i420, {640, 480}, 700), 700u * 480 + 350u * 479 + 320);
  EXPECT_EQ(RawConverter::frame_bytes(PixelFormat::i420, {640, 480}, 641), 0u);  // odd: no half-length chroma line
  EXPECT_TRUE(RawConverter::converts(PixelFormat::i420));
}

}  // namespace
}  // namespace fakecam::capture
