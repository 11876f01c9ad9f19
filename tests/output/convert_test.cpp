// SPDX-License-Identifier: GPL-3.0-or-later
// BGR -> YUYV / I420 / NV12 against the BT.601 limited-range formulas, plane
// layout and strides, and round trips back to BGR through libyuv's decoders.
// YuvImage -> YUYV / I420 / NV12 against plain repacking loops, -> RGB24 /
// BGR24 against yuv_to_bgr, and FrameSink's default write_yuv.

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

#include <libyuv/convert_argb.h>
#include <libyuv/convert_from_argb.h>
#include <opencv2/core.hpp>

#include "bt601_reference.hpp"
#include "common/error.hpp"
#include "output/bgr_converter.hpp"
#include "output/frame_layout.hpp"
#include "output/frame_sink.hpp"
#include "output/yuv_converter.hpp"
#include "yuv_reference.hpp"

namespace fakecam::output {
namespace {

using fakecam::test::random_yuv;
using fakecam::test::reference_packing;
using test::bt601_limited;
using test::Ycc;

constexpr double kTolerance = 2.0;  // libyuv's 8-bit fixed-point coefficients and rounding

// Reads Y/Cb/Cr of pixel (x, y) from a converted frame, whatever the layout.
Ycc sample(const FrameLayout& l, const std::vector<std::uint8_t>& buf, int x, int y) {
  const auto& p = l.planes;
  const auto xs = static_cast<std::size_t>(x), ys = static_cast<std::size_t>(y);
  switch (l.format) {
    case PixelFormat::yuyv: {
      const std::uint8_t* row = buf.data() + p[0].offset + ys * p[0].stride;
      const std::size_t pair = (xs / 2) * 4;
      return {double(row[pair + (xs % 2) * 2]), double(row[pair + 1]), double(row[pair + 3])};
    }
    case PixelFormat::i420:
      return {double(buf[p[0].offset + ys * p[0].stride + xs]),
              double(buf[p[1].offset + ys / 2 * p[1].stride + xs / 2]),
              double(buf[p[2].offset + ys / 2 * p[2].stride + xs / 2])};
    case PixelFormat::nv12:
      return {double(buf[p[0].offset + ys * p[0].stride + xs]),
              double(buf[p[1].offset + ys / 2 * p[1].stride + xs / 2 * 2]),
              double(buf[p[1].offset + ys / 2 * p[1].stride + xs / 2 * 2 + 1])};
    default:
      break;
  }
  return {};
}

std::vector<std::uint8_t> convert(const cv::Mat& bgr, const FrameLayout& layout, std::uint8_t fill = 0xAB) {
  std::vector<std::uint8_t> buf(layout.size, fill);
  BgrConverter converter(layout);
  converter.convert(bgr, buf.data());
  return buf;
}

// A smooth image with every channel varying, so chroma differs per block.
cv::Mat gradient(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      img.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<std::uint8_t>(255 * x / (w - 1)), static_cast<std::uint8_t>(255 * y / (h - 1)),
                    static_cast<std::uint8_t>(255 - 200 * (x + y) / (w + h - 2)));
    }
  }
  return img;
}

class PerFormat : public testing::TestWithParam<PixelFormat> {};

std::string format_param_name(const testing::TestParamInfo<PixelFormat>& info) {
  return std::string(pixel_format_name(info.param));
}

TEST_P(PerFormat, SolidColoursMatchBt601LimitedRange) {
  const PixelFormat format = GetParam();
  // B, G, R as OpenCV stores them.
  const std::vector<cv::Vec3b> colours = {{0, 0, 0},     {255, 255, 255}, {0, 0, 255},   {0, 255, 0},
                                          {255, 0, 0},   {128, 128, 128}, {255, 255, 0}, {255, 0, 255},
                                          {0, 255, 255}, {30, 140, 200},  {200, 90, 10}};
  for (const auto& c : colours) {
    const cv::Mat bgr(6, 8, CV_8UC3, cv::Scalar(c[0], c[1], c[2]));
    const FrameLayout layout = frame_layout(format, bgr.cols, bgr.rows);
    const auto buf = convert(bgr, layout);
    const Ycc want = bt601_limited(c[2], c[1], c[0]);
    for (int y = 0; y < bgr.rows; ++y) {
      for (int x = 0; x < bgr.cols; ++x) {
        const Ycc got = sample(layout, buf, x, y);
        ASSERT_NEAR(got.y, want.y, kTolerance) << "Y of BGR " << c << " at " << x << "," << y;
        ASSERT_NEAR(got.cb, want.cb, kTolerance) << "Cb of BGR " << c << " at " << x << "," << y;
        ASSERT_NEAR(got.cr, want.cr, kTolerance) << "Cr of BGR " << c << " at " << x << "," << y;
      }
    }
  }
}

TEST_P(PerFormat, GradientMatchesBt601WithBlockAveragedChroma) {
  const PixelFormat format = GetParam();
  const cv::Mat bgr = gradient(64, 36);
  const FrameLayout layout = frame_layout(format, bgr.cols, bgr.rows);
  const auto buf = convert(bgr, layout);
  const int block_rows = format == PixelFormat::yuyv ? 1 : 2;
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      const auto px = bgr.at<cv::Vec3b>(y, x);
      const Ycc got = sample(layout, buf, x, y);
      ASSERT_NEAR(got.y, bt601_limited(px[2], px[1], px[0]).y, kTolerance) << "Y at " << x << "," << y;
      // Chroma of a block is the chroma of its mean colour (the formulas are linear).
      double cb = 0, cr = 0;
      const int x0 = x / 2 * 2, y0 = y / block_rows * block_rows;
      for (int dy = 0; dy < block_rows; ++dy) {
        for (int dx = 0; dx < 2; ++dx) {
          const auto q = bgr.at<cv::Vec3b>(y0 + dy, x0 + dx);
          const Ycc r = bt601_limited(q[2], q[1], q[0]);
          cb += r.cb / (2 * block_rows);
          cr += r.cr / (2 * block_rows);
        }
      }
      ASSERT_NEAR(got.cb, cb, kTolerance) << "Cb at " << x << "," << y;
      ASSERT_NEAR(got.cr, cr, kTolerance) << "Cr at " << x << "," << y;
    }
  }
}

TEST_P(PerFormat, HonoursPaddedStridesAndLeavesPaddingAlone) {
  const PixelFormat format = GetParam();
  const cv::Mat bgr = gradient(20, 10);
  const std::size_t padded = format == PixelFormat::yuyv ? 48 : 32;  // > 2*20 and > 20
  const FrameLayout tight = frame_layout(format, bgr.cols, bgr.rows);
  const FrameLayout wide = frame_layout(format, bgr.cols, bgr.rows, padded);
  ASSERT_EQ(wide.planes[0].stride, padded);
  ASSERT_GT(wide.size, tight.size);
  const auto a = convert(bgr, tight);
  const auto b = convert(bgr, wide);
  for (int y = 0; y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      const Ycc p = sample(tight, a, x, y), q = sample(wide, b, x, y);
      ASSERT_EQ(p.y, q.y);
      ASSERT_EQ(p.cb, q.cb);
      ASSERT_EQ(p.cr, q.cr);
    }
  }
  // Bytes past each luma row's end are padding: untouched.
  const std::size_t row_bytes = format == PixelFormat::yuyv ? 40 : 20;
  for (int y = 0; y < bgr.rows; ++y) {
    for (std::size_t i = row_bytes; i < padded; ++i) ASSERT_EQ(b[wide.planes[0].offset + y * padded + i], 0xAB);
  }
}

// Decodes with libyuv's BT.601 limited-range decoders.
cv::Mat decode(const FrameLayout& l, const std::vector<std::uint8_t>& buf) {
  cv::Mat bgr(l.height, l.width, CV_8UC3);
  const auto& p = l.planes;
  const auto s = [](std::size_t v) { return static_cast<int>(v); };
  switch (l.format) {
    case PixelFormat::yuyv: {
      cv::Mat argb(l.height, l.width, CV_8UC4);
      libyuv::YUY2ToARGB(buf.data(), s(p[0].stride), argb.data, s(argb.step[0]), l.width, l.height);
      libyuv::ARGBToRGB24(argb.data, s(argb.step[0]), bgr.data, s(bgr.step[0]), l.width, l.height);
      break;
    }
    case PixelFormat::i420:
      libyuv::I420ToRGB24(buf.data() + p[0].offset, s(p[0].stride), buf.data() + p[1].offset, s(p[1].stride),
                          buf.data() + p[2].offset, s(p[2].stride), bgr.data, s(bgr.step[0]), l.width, l.height);
      break;
    case PixelFormat::nv12:
      libyuv::NV12ToRGB24(buf.data() + p[0].offset, s(p[0].stride), buf.data() + p[1].offset, s(p[1].stride), bgr.data,
                          s(bgr.step[0]), l.width, l.height);
      break;
    default:
      ADD_FAILURE() << "not an output format: " << pixel_format_name(l.format);
  }
  return bgr;
}

TEST_P(PerFormat, RoundTripsBackToBgr) {
  const PixelFormat format = GetParam();
  for (const cv::Mat& bgr : {gradient(64, 48), cv::Mat(8, 8, CV_8UC3, cv::Scalar(30, 140, 200)),
                             cv::Mat(8, 8, CV_8UC3, cv::Scalar(255, 255, 255))}) {
    const FrameLayout layout = frame_layout(format, bgr.cols, bgr.rows);
    const cv::Mat back = decode(layout, convert(bgr, layout));
    cv::Mat diff;
    cv::absdiff(bgr, back, diff);
    double max_diff = 0;
    cv::minMaxLoc(diff.reshape(1), nullptr, &max_diff);
    const double mean_diff = cv::mean(diff.reshape(1))[0];
    // Quantisation to limited range and chroma subsampling of a gradient
    // whose colour changes by up to ~8 levels per pixel (4:2:0 averages 2x2).
    EXPECT_LE(max_diff, 8) << pixel_format_name(format) << " " << bgr.size;
    EXPECT_LE(mean_diff, 2.5) << pixel_format_name(format) << " " << bgr.size;
  }
}

TEST_P(PerFormat, YuvFrameIsRepackedExactlyAtAnyStride) {
  const PixelFormat format = GetParam();
  const std::size_t padded = format == PixelFormat::yuyv ? 48 : 32;  // > 2*20 and > 20
  // 20 wide: libyuv's SIMD rows plus their scalar tail; 640: whole vectors.
  const YuvImage small = random_yuv(20, 10), large = random_yuv(640, 360);
  for (const auto& [frame, layout] :
       {std::pair(small, frame_layout(format, 20, 10)), std::pair(small, frame_layout(format, 20, 10, padded)),
        std::pair(large, frame_layout(format, 640, 360))}) {
    std::vector<std::uint8_t> got(layout.size, 0xAB);
    yuv_to_layout(frame, layout, got.data());
    // Padding included: the reference leaves it at 0xAB too.
    EXPECT_EQ(got, reference_packing(frame, layout)) << pixel_format_name(format) << " " << layout.width << "x"
                                                     << layout.height << " stride " << layout.planes[0].stride;
  }
}

INSTANTIATE_TEST_SUITE_P(Formats, PerFormat, testing::Values(PixelFormat::yuyv, PixelFormat::i420, PixelFormat::nv12),
                         format_param_name);

TEST(YuyvLayout, BytesAreY0CbY1Cr) {
  // Pure red: Cb low (~90), Cr high (~240); a swapped order would show.
  const cv::Mat bgr(1, 2, CV_8UC3, cv::Scalar(0, 0, 255));
  const auto buf = convert(bgr, frame_layout(PixelFormat::yuyv, 2, 1));
  const Ycc want = bt601_limited(255, 0, 0);
  EXPECT_NEAR(buf[0], want.y, kTolerance);
  EXPECT_NEAR(buf[1], want.cb, kTolerance);
  EXPECT_NEAR(buf[2], want.y, kTolerance);
  EXPECT_NEAR(buf[3], want.cr, kTolerance);
}

TEST(FrameLayoutTest, PlaneOffsetsFollowV4l2SinglePlanarConvention) {
  const auto i420 = frame_layout(PixelFormat::i420, 1280, 720);
  EXPECT_EQ(i420.planes[1].offset, 1280u * 720);
  EXPECT_EQ(i420.planes[2].offset, 1280u * 720 + 640 * 360);
  EXPECT_EQ(i420.planes[1].stride, 640u);
  EXPECT_EQ(i420.size, 1280u * 720 * 3 / 2);
  const auto nv12 = frame_layout(PixelFormat::nv12, 1280, 720);
  EXPECT_EQ(nv12.planes[1].offset, 1280u * 720);
  EXPECT_EQ(nv12.planes[1].stride, 1280u);
  EXPECT_EQ(nv12.size, 1280u * 720 * 3 / 2);
  const auto yuyv = frame_layout(PixelFormat::yuyv, 1280, 720);
  EXPECT_EQ(yuyv.planes[0].stride, 2560u);
  EXPECT_EQ(yuyv.size, 2560u * 720);
}

TEST(FrameSize, OddSizesAreRejectedWithTheFix) {
  try {
    check_frame_size("/dev/video10", PixelFormat::yuyv, 641, 480);
    FAIL() << "odd width accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(),
                 "/dev/video10: width 641 is odd; YUYV pairs pixels for chroma, so the width must be even (e.g. 642)");
  }
  EXPECT_NO_THROW(check_frame_size("x", PixelFormat::yuyv, 640, 481));  // 4:2:2 is fine with odd heights
  EXPECT_THROW(check_frame_size("x", PixelFormat::i420, 640, 481), Error);
  EXPECT_THROW(check_frame_size("x", PixelFormat::nv12, 640, 481), Error);
  EXPECT_THROW(check_frame_size("x", PixelFormat::nv12, 0, 480), Error);
}

TEST(FrameSize, WrongFrameGivenToConverterIsAnError) {
  BgrConverter converter(frame_layout(PixelFormat::i420, 16, 16));
  std::vector<std::uint8_t> buf(frame_layout(PixelFormat::i420, 16, 16).size);
  EXPECT_THROW(converter.convert(cv::Mat(8, 16, CV_8UC3, cv::Scalar::all(0)), buf.data()), Error);
  EXPECT_THROW(converter.convert(cv::Mat(16, 16, CV_8UC4, cv::Scalar::all(0)), buf.data()), Error);
}

TEST(OutputFormat, ParseOnlyTheYuvOutputFormats) {
  EXPECT_EQ(parse_output_format("YUYV"), PixelFormat::yuyv);
  EXPECT_EQ(parse_output_format("yuy2"), PixelFormat::yuyv);
  EXPECT_EQ(parse_output_format("i420"), PixelFormat::i420);
  EXPECT_EQ(parse_output_format("yuv420"), PixelFormat::i420);
  EXPECT_EQ(parse_output_format("NV12"), PixelFormat::nv12);
  for (const char* refused : {"mjpeg", "bgr24", "h264"}) {
    try {
      parse_output_format(refused);
      ADD_FAILURE() << refused << " accepted";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), fmt::format("unknown pixel format '{}': use yuyv, i420 or nv12", refused));
    }
  }
}

TEST(OutputFormat, NoLayoutForOtherFormats) {
  EXPECT_THROW(frame_layout(PixelFormat::mjpeg, 640, 480), Error);
  try {
    check_frame_size("/dev/video10", PixelFormat::bgr24, 640, 480);
    ADD_FAILURE() << "BGR24 accepted";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "/dev/video10: BGR24 is not a YUV output format (yuyv, i420, nv12)");
  }
}

TEST(Rgb24ForAkvcam, RgbOrderWithPaddedRows) {
  // akvcam pads 24-bit rows to 4 bytes: width 5 -> 15 bytes of pixels in 16.
  cv::Mat bgr(2, 5, CV_8UC3);
  for (int x = 0; x < 5; ++x) {
    bgr.at<cv::Vec3b>(0, x) = cv::Vec3b(10, 20, 30);  // B, G, R
    bgr.at<cv::Vec3b>(1, x) = cv::Vec3b(200, 100, 50);
  }
  std::vector<std::uint8_t> rgb(32, 0xAB);
  bgr_to_rgb24(bgr, Rgb24Order::rgb, rgb.data(), 16);
  for (int x = 0; x < 5; ++x) {
    EXPECT_EQ(rgb[x * 3 + 0], 30);
    EXPECT_EQ(rgb[x * 3 + 1], 20);
    EXPECT_EQ(rgb[x * 3 + 2], 10);
    EXPECT_EQ(rgb[16 + x * 3 + 0], 50);
    EXPECT_EQ(rgb[16 + x * 3 + 2], 200);
  }
  EXPECT_EQ(rgb[15], 0xAB);
  EXPECT_EQ(rgb[31], 0xAB);

  std::vector<std::uint8_t> bgr_out(32, 0xAB);
  bgr_to_rgb24(bgr, Rgb24Order::bgr, bgr_out.data(), 16);
  EXPECT_EQ(bgr_out[0], 10);
  EXPECT_EQ(bgr_out[2], 30);
  EXPECT_EQ(bgr_out[16], 200);
  EXPECT_EQ(bgr_out[15], 0xAB);
}

TEST(YuvToLayout, TightI420IsTheFrameBufferItself) {
  const YuvImage frame = random_yuv(64, 48);
  const FrameLayout layout = frame_layout(PixelFormat::i420, 64, 48);
  ASSERT_EQ(layout.size, frame.byte_size());
  std::vector<std::uint8_t> got(layout.size);
  yuv_to_layout(frame, layout, got.data());
  EXPECT_EQ(got, std::vector<std::uint8_t>(frame.data(), frame.data() + frame.byte_size()));
}

TEST(YuvToLayout, WrongSizeOrFormatIsAnError) {
  std::vector<std::uint8_t> buf(frame_layout(PixelFormat::yuyv, 16, 16).size);
  try {
    yuv_to_layout(random_yuv(16, 8), frame_layout(PixelFormat::yuyv, 16, 16), buf.data());
    FAIL() << "16x8 frame accepted for a 16x16 layout";
  } catch (const Error& e) {
    EXPECT_STREQ(e.what(), "output: got a 16x8 YUV frame, expected 16x16");
  }
  FrameLayout bgr_layout = frame_layout(PixelFormat::i420, 16, 16);
  bgr_layout.format = PixelFormat::bgr24;
  EXPECT_THROW(yuv_to_layout(random_yuv(16, 16), bgr_layout, buf.data()), Error);
}

TEST(YuvToRgb24, BothOrdersAreYuvToBgrsColoursInPaddedRows) {
  // akvcam pads 24-bit rows to 4 bytes: width 10 -> 30 bytes of pixels in 32.
  // 10 wide exercises libyuv's scalar tail, 64 its whole vectors.
  for (const cv::Size size : {cv::Size(10, 4), cv::Size(64, 48)}) {
    const YuvImage frame = random_yuv(size.width, size.height);
    cv::Mat want;
    yuv_to_bgr(frame, want);
    const std::size_t row_bytes = static_cast<std::size_t>(size.width) * 3, stride = (row_bytes + 3) / 4 * 4 + 4;
    for (const Rgb24Order order : {Rgb24Order::rgb, Rgb24Order::bgr}) {
      std::vector<std::uint8_t> got(stride * static_cast<std::size_t>(size.height), 0xAB);
      yuv_to_rgb24(frame, order, got.data(), stride);
      for (int y = 0; y < size.height; ++y) {
        const std::uint8_t* row = got.data() + static_cast<std::size_t>(y) * stride;
        for (int x = 0; x < size.width; ++x) {
          const auto bgr = want.at<cv::Vec3b>(y, x);
          const std::uint8_t* px = row + x * 3;
          const int b = order == Rgb24Order::bgr ? px[0] : px[2], r = order == Rgb24Order::bgr ? px[2] : px[0];
          ASSERT_NEAR(b, bgr[0], 2) << "B at " << x << "," << y << (order == Rgb24Order::rgb ? " RGB" : " BGR");
          ASSERT_NEAR(px[1], bgr[1], 2) << "G at " << x << "," << y;
          ASSERT_NEAR(r, bgr[2], 2) << "R at " << x << "," << y;
        }
        for (std::size_t i = row_bytes; i < stride; ++i) ASSERT_EQ(row[i], 0xAB) << "padding of row " << y;
      }
    }
  }
}

// A sink that takes BGR only: write_yuv is FrameSink's default.
class BgrOnlySink final : public FrameSink {
 public:
  void write(const cv::Mat& bgr) override { written.push_back(bgr.clone()); }
  std::string description() const override { return "BGR only"; }
  std::vector<cv::Mat> written;
};

TEST(FrameSinkDefault, WriteYuvHandsWriteTheFrameAsYuvToBgrMakesIt) {
  BgrOnlySink sink;
  const YuvImage frames[] = {random_yuv(32, 16, 1), random_yuv(32, 16, 2)};
  for (const YuvImage& frame : frames) sink.write_yuv(frame);  // the scratch is reused for the second
  ASSERT_EQ(sink.written.size(), 2u);
  for (int i = 0; i < 2; ++i) {
    cv::Mat want;
    yuv_to_bgr(frames[i], want);
    ASSERT_EQ(sink.written[i].type(), CV_8UC3);
    ASSERT_EQ(sink.written[i].size(), want.size());
    EXPECT_EQ(cv::norm(sink.written[i], want, cv::NORM_INF), 0) << "frame " << i;
  }
}

}  // namespace
}  // namespace fakecam::output
