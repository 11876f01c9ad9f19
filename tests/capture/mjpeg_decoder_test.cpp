// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/mjpeg_decoder.hpp"

#include <gtest/gtest.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "common/yuv_image.hpp"
#include "support/jpeg_fixture.hpp"
#include "support/yuv_distance.hpp"

namespace fakecam::capture {
namespace {

using test::Chroma;
using Bytes = std::vector<std::uint8_t>;

double max_abs_diff(const cv::Mat& a, const cv::Mat& b) { return cv::norm(a, b, cv::NORM_INF); }
double mean_abs_diff(const cv::Mat& a, const cv::Mat& b) {
  cv::Mat diff;
  cv::absdiff(a, b, diff);
  const cv::Scalar d = cv::mean(diff);
  return (d[0] + d[1] + d[2]) / 3;
}

// Middle of each saturated patch of test_picture(): red, green, blue.
void expect_patch_colours(const cv::Mat& bgr) {
  const int x = bgr.cols / 6, h = bgr.rows / 4;
  const cv::Vec3b red = bgr.at<cv::Vec3b>(h / 2, x);
  const cv::Vec3b green = bgr.at<cv::Vec3b>(h + h / 2, x);
  const cv::Vec3b blue = bgr.at<cv::Vec3b>(2 * h + h / 2, x);
  EXPECT_LT(red[0], 20);
  EXPECT_LT(red[1], 20);
  EXPECT_GT(red[2], 235);
  EXPECT_GT(green[1], 235);
  EXPECT_LT(green[0] + green[2], 40);
  EXPECT_GT(blue[0], 235);
  EXPECT_LT(blue[1] + blue[2], 40);
}

class MjpegDecode : public ::testing::TestWithParam<Chroma> {};

TEST_P(MjpegDecode, MatchesTheOriginalAndOpenCVsDecoder) {
  const cv::Mat original = test::test_picture({640, 480});
  const Bytes jpeg = test::encode_jpeg(original, 95, GetParam());
  MjpegDecoder decoder;
  EXPECT_EQ(decoder.peek_size(jpeg), cv::Size(640, 480));
  cv::Mat out;
  ASSERT_TRUE(decoder.decode(jpeg, out)) << decoder.last_error();
  ASSERT_EQ(out.type(), CV_8UC3);
  ASSERT_EQ(out.size(), cv::Size(640, 480));
  expect_patch_colours(out);
  // Same library underneath: OpenCV's libjpeg decode is the reference.
  const cv::Mat reference = cv::imdecode(jpeg, cv::IMREAD_COLOR);
  EXPECT_LE(max_abs_diff(out, reference), 2.0);
  // And close to what was encoded, outside the noise band JPEG cannot keep.
  const cv::Rect smooth(0, 0, 640, 3 * (480 / 4));
  EXPECT_LT(mean_abs_diff(out(smooth), original(smooth)), 3.0);
}

INSTANTIATE_TEST_SUITE_P(Subsampling, MjpegDecode, ::testing::Values(Chroma::s444, Chroma::s422, Chroma::s420));

TEST(MjpegDecoder, ReusesTheOutputBuffer) {
  const Bytes jpeg = test::encode_jpeg(test::test_picture({320, 240}), 90, Chroma::s422);
  MjpegDecoder decoder;
  cv::Mat out;
  ASSERT_TRUE(decoder.decode(jpeg, out));
  const std::uint8_t* buffer = out.data;
  ASSERT_TRUE(decoder.decode(jpeg, out));
  EXPECT_EQ(out.data, buffer);
}

TEST(MjpegDecoder, DctScalingHalvesTheSize) {
  const cv::Mat original = test::test_picture({1280, 720});
  const Bytes jpeg = test::encode_jpeg(original, 95, Chroma::s422);
  MjpegDecoder decoder;
  cv::Mat half, quarter;
  ASSERT_TRUE(decoder.decode(jpeg, half, {1, 2})) << decoder.last_error();
  ASSERT_TRUE(decoder.decode(jpeg, quarter, {1, 4})) << decoder.last_error();
  EXPECT_EQ(half.size(), cv::Size(640, 360));
  EXPECT_EQ(quarter.size(), cv::Size(320, 180));
  expect_patch_colours(half);
  cv::Mat shrunk;
  cv::resize(original, shrunk, half.size(), 0, 0, cv::INTER_AREA);
  const cv::Rect smooth(0, 0, 640, 3 * (360 / 4));
  EXPECT_LT(mean_abs_diff(half(smooth), shrunk(smooth)), 4.0);
}

TEST(MjpegDecoder, ChooseDctScale) {
  const cv::Size hd(1920, 1080);
  EXPECT_EQ(choose_dct_scale(hd, {}), (DctScale{1, 1}));
  EXPECT_EQ(choose_dct_scale(hd, {1280, 720}), (DctScale{1, 1}));
  EXPECT_EQ(choose_dct_scale(hd, {960, 540}), (DctScale{1, 2}));
  EXPECT_EQ(choose_dct_scale(hd, {961, 540}), (DctScale{1, 1}));
  EXPECT_EQ(choose_dct_scale(hd, {480, 270}), (DctScale{1, 4}));
  EXPECT_EQ(choose_dct_scale(hd, {256, 144}), (DctScale{1, 4}));
  EXPECT_EQ(choose_dct_scale(hd, {100, 100}), (DctScale{1, 8}));
  EXPECT_EQ(choose_dct_scale(hd, {1, 1}), (DctScale{1, 8}));
  EXPECT_EQ(choose_dct_scale({1280, 720}, {640, 360}), (DctScale{1, 2}));
  EXPECT_EQ(choose_dct_scale({1280, 720}, {4000, 3000}), (DctScale{1, 1}));
}

TEST(MjpegDecoder, ScaledSizeRoundsUp) {
  EXPECT_EQ(scaled_size({1281, 721}, {1, 2}), cv::Size(641, 361));
  EXPECT_EQ(scaled_size({1920, 1080}, {1, 8}), cv::Size(240, 135));
  EXPECT_EQ(scaled_size({1920, 1080}, {1, 1}), cv::Size(1920, 1080));
}

TEST(MjpegDecoder, DecodesWithoutHuffmanTablesLikeUvcMjpeg) {
  const cv::Mat original = test::test_picture({320, 240});
  const Bytes jpeg = test::encode_jpeg(original, 90, Chroma::s422);
  const Bytes bare = test::strip_huffman_tables(jpeg);
  ASSERT_LT(bare.size(), jpeg.size());  // there were tables to strip
  MjpegDecoder decoder;
  cv::Mat with, without;
  ASSERT_TRUE(decoder.decode(jpeg, with));
  ASSERT_TRUE(decoder.decode(bare, without)) << decoder.last_error();
  EXPECT_EQ(max_abs_diff(with, without), 0.0);
}

TEST(MjpegDecoder, RejectsATruncatedFrame) {
  const Bytes jpeg = test::encode_jpeg(test::test_picture({640, 480}), 90, Chroma::s422);
  MjpegDecoder decoder;
  cv::Mat out;
  for (const double kept : {0.2, 0.6, 0.95}) {
    const Bytes cut(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() * kept));
    EXPECT_FALSE(decoder.decode(cut, out)) << "kept " << kept;
    EXPECT_NE(decoder.last_error().find("truncated"), std::string::npos) << decoder.last_error();
  }
}

TEST(MjpegDecoder, RejectsAFrameWhoseScanEndsEarly) {
  // Cut inside the entropy data but with an end marker: libjpeg meets the
  // marker too early and would fill the rest with grey.
  const Bytes jpeg = test::encode_jpeg(test::test_picture({640, 480}), 90, Chroma::s422);
  Bytes cut(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() / 2));
  if (cut.back() == 0xFF) cut.pop_back();
  cut.push_back(0xFF);
  cut.push_back(0xD9);
  MjpegDecoder decoder;
  cv::Mat out;
  EXPECT_FALSE(decoder.decode(cut, out));
  EXPECT_FALSE(decoder.last_error().empty());
}

TEST(MjpegDecoder, AcceptsPaddingAndStrayBytesThatWebcamsSend) {
  const cv::Mat original = test::test_picture({320, 240});
  const Bytes jpeg = test::encode_jpeg(original, 90, Chroma::s422);
  MjpegDecoder decoder;
  cv::Mat clean, out;
  ASSERT_TRUE(decoder.decode(jpeg, clean));

  Bytes padded = jpeg;
  padded.resize(jpeg.size() + 1000, 0x00);  // a USB payload larger than the JPEG
  ASSERT_TRUE(decoder.decode(padded, out)) << decoder.last_error();
  EXPECT_EQ(max_abs_diff(out, clean), 0.0);

  // "Corrupt JPEG data: 2 extraneous bytes before marker 0xd9": common, harmless.
  Bytes stray(jpeg.begin(), jpeg.end() - 2);
  stray.insert(stray.end(), {0x12, 0x34, 0xFF, 0xD9});
  ASSERT_TRUE(decoder.decode(stray, out)) << decoder.last_error();
  EXPECT_EQ(max_abs_diff(out, clean), 0.0);
}

TEST(MjpegDecoder, RejectsDataThatIsNotJpeg) {
  MjpegDecoder decoder;
  cv::Mat out;
  EXPECT_FALSE(decoder.decode({}, out));
  Bytes noise(5000);
  cv::RNG rng(7);
  for (auto& b : noise) b = static_cast<std::uint8_t>(rng.uniform(0, 256));
  EXPECT_FALSE(decoder.decode(noise, out));
  EXPECT_NE(decoder.last_error().find("not JPEG"), std::string::npos);
  // A JPEG start followed by garbage, ending in an end marker.
  noise[0] = 0xFF;
  noise[1] = 0xD8;
  noise[noise.size() - 2] = 0xFF;
  noise[noise.size() - 1] = 0xD9;
  EXPECT_FALSE(decoder.decode(noise, out));
  EXPECT_TRUE(decoder.peek_size(noise).empty());
}

// Decodes 300 randomly damaged copies of `jpeg` (flipped bytes anywhere,
// headers included, and every third cut at a random point) with `decode`,
// which returns whether it accepted the frame and checks what it got; every
// call must return. The number rejected.
template <typename Decode>
int rejected_of_damaged(const Bytes& jpeg, std::uint64_t seed, Decode decode) {
  cv::RNG rng(seed);
  int rejected = 0;
  for (int i = 0; i < 300; ++i) {
    Bytes damaged = jpeg;
    const int flips = rng.uniform(1, 6);
    for (int f = 0; f < flips; ++f) {
      damaged[static_cast<std::size_t>(rng.uniform(0, static_cast<int>(damaged.size())))] =
          static_cast<std::uint8_t>(rng.uniform(0, 256));
    }
    if (i % 3 == 0) damaged.resize(static_cast<std::size_t>(rng.uniform(0, static_cast<int>(damaged.size()))));
    if (!decode(damaged)) ++rejected;
  }
  return rejected;
}

TEST(MjpegDecoder, SurvivesRandomDamage) {
  // A frame it accepts must be a BGR picture.
  const Bytes jpeg = test::encode_jpeg(test::test_picture({160, 120}), 80, Chroma::s422);
  MjpegDecoder decoder;
  cv::Mat out;
  const int rejected = rejected_of_damaged(jpeg, 2024, [&](const Bytes& damaged) {
    if (!decoder.decode(damaged, out)) {
      EXPECT_FALSE(decoder.last_error().empty());
      return false;
    }
    EXPECT_EQ(out.type(), CV_8UC3);
    EXPECT_FALSE(out.empty());
    return true;
  });
  EXPECT_GT(rejected, 100);  // the cut ones at least
}

// --- YUV decoding (decode(jpeg, YuvImage&)) ---

// The YUV decode keeps the JPEG's planes; the BGR decode upsamples the chroma
// (smoothly, across edges), converts and clamps, and bgr_to_yuv averages it
// back down, so the two agree only within those roundings. Measured on this
// picture (saturated patches, fine texture): luma mean 0.13, max 8; chroma
// mean 1.6, max 34 for 4:2:0 (at the patches' edges, where the upsampled
// chroma leaves the RGB gamut and is clamped), 1.1 and 13 for 4:2:2; 4:4:4
// goes through BGR itself: 0. A missed range conversion (luma off by up to
// 20), swapped planes or chroma from the wrong rows is off by far more.
void expect_close_to_bgr_path(const YuvImage& yuv, const YuvImage& reference, Chroma chroma) {
  const auto d = test::plane_distances(yuv, reference);
  const double luma_max = chroma == Chroma::s444 ? 0 : 8;
  const double chroma_mean = chroma == Chroma::s444 ? 0 : chroma == Chroma::s422 ? 1.5 : 2.0;
  const double chroma_max = chroma == Chroma::s444 ? 0 : chroma == Chroma::s422 ? 16 : 40;
  EXPECT_LE(d[0].mean, 0.25) << "Y";
  EXPECT_LE(d[0].max, luma_max) << "Y";
  for (std::size_t p : {1u, 2u}) {
    EXPECT_LE(d[p].mean, chroma_mean) << "plane " << p;
    EXPECT_LE(d[p].max, chroma_max) << "plane " << p;
  }
}

class MjpegDecodeYuv : public ::testing::TestWithParam<Chroma> {};

TEST_P(MjpegDecodeYuv, AgreesWithTheBgrDecodeConverted) {
  const Bytes jpeg = test::encode_jpeg(test::test_picture({640, 480}), 95, GetParam());
  MjpegDecoder decoder;
  YuvImage yuv;
  ASSERT_TRUE(decoder.decode(jpeg, yuv)) << decoder.last_error();
  ASSERT_EQ(yuv.size(), cv::Size(640, 480));
  cv::Mat bgr;
  ASSERT_TRUE(decoder.decode(jpeg, bgr));
  YuvImage reference;
  bgr_to_yuv(bgr, reference);
  expect_close_to_bgr_path(yuv, reference, GetParam());
  // And its colours: converted back, the saturated patches are right.
  cv::Mat back;
  yuv_to_bgr(yuv, back);
  expect_patch_colours(back);
}

TEST_P(MjpegDecodeYuv, DctScalingAgreesWithTheScaledBgrDecode) {
  const Bytes jpeg = test::encode_jpeg(test::test_picture({1280, 720}), 95, GetParam());
  MjpegDecoder decoder;
  YuvImage yuv;
  ASSERT_TRUE(decoder.decode(jpeg, yuv, {1, 2})) << decoder.last_error();
  ASSERT_EQ(yuv.size(), cv::Size(640, 360));
  cv::Mat bgr;
  ASSERT_TRUE(decoder.decode(jpeg, bgr, {1, 2}));
  YuvImage reference;
  bgr_to_yuv(bgr, reference);
  expect_close_to_bgr_path(yuv, reference, GetParam());
}

// Exact values: a flat colour's full-range planes, scaled to limited range
// (Y 16 + 219/255 y, C 128 + 224/255 (c - 128), rounded). 4:4:4 goes
// through BGR, where the colour conversions may round a level either way.
TEST_P(MjpegDecodeYuv, FlatColourHasTheLimitedRangeValues) {
  struct Case {
    cv::Vec3b full, limited;
  };
  const Case cases[] = {
      {{200, 100, 150}, {188, 103, 147}},  // 187.76, 103.40, 147.33
      {{255, 128, 128}, {235, 128, 128}},  // white
      {{0, 128, 128}, {16, 128, 128}},     // black
      {{76, 85, 255}, {81, 90, 240}},      // red: Cr at the top of its range
      {{150, 44, 21}, {145, 54, 34}},      // green
      {{128, 0, 255}, {126, 16, 240}},     // both chroma extremes (no RGB colour: not through BGR)
  };
  const bool via_bgr = GetParam() == Chroma::s444;
  const int tolerance = via_bgr ? 1 : 0;
  MjpegDecoder decoder;
  for (const Case& c : cases) {
    if (via_bgr && c.full == cv::Vec3b(128, 0, 255)) continue;
    // 52 rows: not a whole number of MCUs, so the partial last row is covered.
    const Bytes jpeg = test::flat_jpeg({96, 52}, c.full, GetParam());
    YuvImage yuv;
    ASSERT_TRUE(decoder.decode(jpeg, yuv)) << decoder.last_error();
    ASSERT_EQ(yuv.size(), cv::Size(96, 52));
    const cv::Mat planes[3] = {yuv.y(), yuv.u(), yuv.v()};
    for (int p = 0; p < 3; ++p) {
      double lo = 0, hi = 0;
      cv::minMaxLoc(planes[p], &lo, &hi);
      EXPECT_NEAR(lo, c.limited[p], tolerance) << "plane " << p << " of " << cv::Vec3i(c.full);
      EXPECT_NEAR(hi, c.limited[p], tolerance) << "plane " << p << " of " << cv::Vec3i(c.full);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Subsampling, MjpegDecodeYuv, ::testing::Values(Chroma::s420, Chroma::s422, Chroma::s444));

TEST(MjpegDecoderYuv, ReusesTheOutputBuffer) {
  const Bytes jpeg = test::encode_jpeg(test::test_picture({320, 240}), 90, Chroma::s422);
  MjpegDecoder decoder;
  YuvImage out;
  ASSERT_TRUE(decoder.decode(jpeg, out));
  const std::uint8_t* buffer = out.data();
  ASSERT_TRUE(decoder.decode(jpeg, out));
  EXPECT_EQ(out.data(), buffer);
}

TEST(MjpegDecoderYuv, RefusesAnOddScaledSizeSayingWhy) {
  // 200x150 at 1/2 is 100x75: 4:2:0 cannot hold it, and it is not cropped.
  const Bytes jpeg = test::encode_jpeg(test::test_picture({200, 150}), 90, Chroma::s422);
  MjpegDecoder decoder;
  YuvImage out;
  EXPECT_FALSE(decoder.decode(jpeg, out, {1, 2}));
  EXPECT_NE(decoder.last_error().find("100x75"), std::string::npos) << decoder.last_error();
  EXPECT_NE(decoder.last_error().find("even"), std::string::npos) << decoder.last_error();
  EXPECT_TRUE(decoder.decode(jpeg, out)) << "full size is even: " << decoder.last_error();
}

TEST(MjpegDecoderYuv, RejectsTruncatedCorruptAndNonJpegData) {
  const Bytes jpeg = test::encode_jpeg(test::test_picture({640, 480}), 90, Chroma::s422);
  MjpegDecoder decoder;
  YuvImage out;
  const Bytes cut(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() * 0.6));
  EXPECT_FALSE(decoder.decode(cut, out));
  EXPECT_NE(decoder.last_error().find("truncated"), std::string::npos) << decoder.last_error();

  // The scan cut short but closed with an end marker: libjpeg would paint the
  // missing rows grey.
  Bytes early(jpeg.begin(), jpeg.begin() + static_cast<std::ptrdiff_t>(jpeg.size() / 2));
  if (early.back() == 0xFF) early.pop_back();
  early.insert(early.end(), {0xFF, 0xD9});
  for (const Chroma chroma : {Chroma::s420, Chroma::s422, Chroma::s444}) {
    const Bytes whole = test::encode_jpeg(test::test_picture({640, 480}), 90, chroma);
    Bytes half(whole.begin(), whole.begin() + static_cast<std::ptrdiff_t>(whole.size() / 2));
    if (half.back() == 0xFF) half.pop_back();
    half.insert(half.end(), {0xFF, 0xD9});
    EXPECT_FALSE(decoder.decode(half, out)) << static_cast<int>(chroma);
    EXPECT_FALSE(decoder.last_error().empty());
  }

  Bytes noise(5000);
  cv::RNG rng(11);
  for (auto& b : noise) b = static_cast<std::uint8_t>(rng.uniform(0, 256));
  EXPECT_FALSE(decoder.decode(noise, out));
  EXPECT_NE(decoder.last_error().find("not JPEG"), std::string::npos) << decoder.last_error();
}

TEST(MjpegDecoderYuv, SurvivesRandomDamage) {
  const Bytes jpeg = test::encode_jpeg(test::test_picture({160, 120}), 80, Chroma::s422);
  MjpegDecoder decoder;
  YuvImage out;
  const int rejected = rejected_of_damaged(jpeg, 99, [&](const Bytes& damaged) {
    if (!decoder.decode(damaged, out)) {
      EXPECT_FALSE(decoder.last_error().empty());
      return false;
    }
    EXPECT_FALSE(out.empty());
    EXPECT_EQ(out.byte_size(), static_cast<std::size_t>(out.size().area()) * 3 / 2);
    return true;
  });
  EXPECT_GT(rejected, 100);
}

}  // namespace
}  // namespace fakecam::capture
