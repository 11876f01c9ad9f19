// SPDX-License-Identifier: GPL-3.0-or-later
// FrameConverter on frames made here, one per conversion path: every 8-bit
// planar YUV layout that libyuv converts (4:2:0, 4:2:2, 4:4:4, with alpha,
// NV12/NV21; limited and full range; BT.601 and BT.709) and the formats left
// to swscale (10-bit YUV, 4:4:0, 4:1:1, grey, RGB), to BGR and BGRA, at
// widths that are not multiples of 8, odd heights and rows with no padding.
// Every pixel is compared with the BT.601/709 equations (yuv_reference), the
// output buffer is dirty beforehand, and a second conversion must agree.

#include <gtest/gtest.h>

#include <cmath>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <opencv2/core.hpp>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "media/frame_converter.hpp"
#include "media/yuv_reference.hpp"

namespace fakecam::media {
namespace {

using test::YuvColour;

// Sample values in 8-bit units. Luma (and RGB) change a lot from column to
// column, chroma changes slowly (converters may upsample it differently).
int luma_at(int x, int y) { return 30 + (x * 47 + y * 13) % 190; }
int cb_at(int cx, int cy) { return 128 + static_cast<int>(45 * std::sin(cx * 0.008 + cy * 0.011)); }
int cr_at(int cx, int cy) { return 128 + static_cast<int>(45 * std::cos(cx * 0.006 - cy * 0.009)); }
int alpha_at(int x, int y) { return (x * 5 + y * 3) % 256; }

// The 8-bit value of component `comp` at pixel (x, y) of a format
// described by `desc` (chroma components at their subsampled position).
int sample_at(const AVPixFmtDescriptor& desc, bool rgb, int comp, int x, int y) {
  if (comp == 3) return alpha_at(x, y);
  if (rgb) return comp == 0 ? luma_at(x, y) : comp == 1 ? 40 + (x * 29 + y * 7) % 170 : 35 + (x * 13 + y * 31) % 180;
  if (comp == 0) return luma_at(x, y);
  if (desc.nb_components < 3) return alpha_at(x, y);  // grey with alpha
  const int cx = x >> desc.log2_chroma_w, cy = y >> desc.log2_chroma_h;
  return comp == 1 ? cb_at(cx, cy) : cr_at(cx, cy);
}

// A frame of `format` at `size` holding the samples above; `tight` gives
// rows without padding (linesize = bytes of one row).
FramePtr make_test_frame(AVPixelFormat format, cv::Size size, YuvColour colour, bool tight) {
  FramePtr frame = make_frame();
  frame->format = format;
  frame->width = size.width;
  frame->height = size.height;
  frame->colorspace = colour.bt709 ? AVCOL_SPC_BT709 : AVCOL_SPC_BT470BG;
  frame->color_range = colour.full_range ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  if (av_frame_get_buffer(frame.get(), tight ? 1 : 0) < 0) throw std::runtime_error("av_frame_get_buffer failed");
  const AVPixFmtDescriptor& desc = *av_pix_fmt_desc_get(format);
  const bool rgb = (desc.flags & AV_PIX_FMT_FLAG_RGB) != 0;
  for (int comp = 0; comp < desc.nb_components; ++comp) {
    const AVComponentDescriptor& c = desc.comp[comp];
    const bool chroma = !rgb && (comp == 1 || comp == 2);
    const int w = chroma ? AV_CEIL_RSHIFT(size.width, desc.log2_chroma_w) : size.width;
    const int h = chroma ? AV_CEIL_RSHIFT(size.height, desc.log2_chroma_h) : size.height;
    for (int y = 0; y < h; ++y) {
      for (int x = 0; x < w; ++x) {
        const int full_x = chroma ? x << desc.log2_chroma_w : x, full_y = chroma ? y << desc.log2_chroma_h : y;
        const int value = sample_at(desc, rgb, comp, full_x, full_y) << (c.depth - 8);
        std::uint8_t* p =
            frame->data[c.plane] + static_cast<std::ptrdiff_t>(y) * frame->linesize[c.plane] + x * c.step + c.offset;
        if (c.depth > 8) {
          p[0] = static_cast<std::uint8_t>(value & 0xff);
          p[1] = static_cast<std::uint8_t>(value >> 8);
        } else {
          *p = static_cast<std::uint8_t>(value);
        }
      }
    }
  }
  return frame;
}

// What the frame shows, by the equations: BGR, plus alpha (255 without).
cv::Mat expected_picture(AVPixelFormat format, cv::Size size, YuvColour colour, PixelFormat layout) {
  const AVPixFmtDescriptor& desc = *av_pix_fmt_desc_get(format);
  const bool rgb = (desc.flags & AV_PIX_FMT_FLAG_RGB) != 0;
  const bool grey = desc.nb_components < 3;
  const bool alpha = (desc.flags & AV_PIX_FMT_FLAG_ALPHA) != 0;
  cv::Mat out(size, layout == PixelFormat::bgra ? CV_8UC4 : CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    for (int x = 0; x < size.width; ++x) {
      cv::Vec3d bgr;
      if (rgb) {
        bgr = {double(sample_at(desc, true, 2, x, y)), double(sample_at(desc, true, 1, x, y)),
               double(sample_at(desc, true, 0, x, y))};
      } else if (grey) {
        bgr = cv::Vec3d::all(luma_at(x, y));
      } else {
        bgr = test::yuv_to_bgr(luma_at(x, y), sample_at(desc, false, 1, x, y), sample_at(desc, false, 2, x, y), colour);
      }
      std::uint8_t* p = out.ptr<std::uint8_t>(y) + x * out.channels();
      for (int k = 0; k < 3; ++k) p[k] = cv::saturate_cast<std::uint8_t>(bgr[k]);
      if (out.channels() == 4) p[3] = static_cast<std::uint8_t>(alpha ? alpha_at(x, y) : 255);
    }
  }
  return out;
}

struct ConvertCase {
  AVPixelFormat format;
  YuvColour colour;
  PixelFormat layout;
  int tolerance;  // libyuv's fixed-point rounding; swscale's chroma interpolation of 10-bit input
};

// For gtest's listings: the format, not the struct's bytes.
void PrintTo(const ConvertCase& c, std::ostream* os) { *os << av_get_pix_fmt_name(c.format); }

std::string case_name(const ::testing::TestParamInfo<ConvertCase>& info) {
  const ConvertCase& c = info.param;
  return fmt::format("{}_{}_{}_{}", av_get_pix_fmt_name(c.format), c.colour.bt709 ? "bt709" : "bt601",
                     c.colour.full_range ? "full" : "limited", c.layout == PixelFormat::bgra ? "bgra" : "bgr");
}

class ConvertTest : public ::testing::TestWithParam<ConvertCase> {};

TEST_P(ConvertTest, EveryPixelAtAwkwardSizes) {
  const ConvertCase& c = GetParam();
  const std::vector<cv::Size> sizes = {{1, 1}, {2, 2}, {3, 5}, {33, 7}, {642, 10}, {854, 6}, {1366, 4}, {1366, 5}};
  FrameConverter converter;
  for (const cv::Size size : sizes) {
    for (const bool tight : {true, false}) {
      SCOPED_TRACE(fmt::format("{}x{}{}", size.width, size.height, tight ? ", rows without padding" : ""));
      const FramePtr frame = make_test_frame(c.format, size, c.colour, tight);
      const cv::Mat expected = expected_picture(c.format, size, c.colour, c.layout);
      // A buffer of the right size full of stale bytes: every pixel must be written.
      cv::Mat first(size, expected.type());
      first.setTo(cv::Scalar::all(0xA5));
      converter.convert(*frame, c.layout, first);
      EXPECT_TRUE(test::near_everywhere(first, expected, c.tolerance));
      cv::Mat second;
      FrameConverter().convert(*frame, c.layout, second);
      EXPECT_TRUE(test::identical(first, second)) << "converted twice";
    }
  }
}

std::vector<ConvertCase> convert_cases() {
  std::vector<ConvertCase> cases;
  const YuvColour colours[] = {{false, false}, {false, true}, {true, false}, {true, true}};
  const AVPixelFormat yuv[] = {AV_PIX_FMT_YUV420P, AV_PIX_FMT_YUV422P, AV_PIX_FMT_YUV444P, AV_PIX_FMT_YUVA420P,
                               AV_PIX_FMT_YUVA422P, AV_PIX_FMT_YUVA444P, AV_PIX_FMT_NV12, AV_PIX_FMT_NV21,
                               // swscale's
                               AV_PIX_FMT_YUV420P10LE, AV_PIX_FMT_YUV440P, AV_PIX_FMT_YUV411P};
  for (const AVPixelFormat format : yuv) {
    for (const YuvColour colour : colours) {
      for (const PixelFormat layout : {PixelFormat::bgr24, PixelFormat::bgra})
        cases.push_back({format, colour, layout, 3});
    }
  }
  // The "J" (JPEG) formats: full range.
  for (const AVPixelFormat format : {AV_PIX_FMT_YUVJ420P, AV_PIX_FMT_YUVJ422P, AV_PIX_FMT_YUVJ444P}) {
    for (const PixelFormat layout : {PixelFormat::bgr24, PixelFormat::bgra})
      cases.push_back({format, {false, true}, layout, 3});
  }
  for (const AVPixelFormat format :
       {AV_PIX_FMT_GRAY8, AV_PIX_FMT_RGB24, AV_PIX_FMT_BGR24, AV_PIX_FMT_RGBA, AV_PIX_FMT_GBRP}) {
    for (const PixelFormat layout : {PixelFormat::bgr24, PixelFormat::bgra}) cases.push_back({format, {}, layout, 0});
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(FrameConverter, ConvertTest, ::testing::ValuesIn(convert_cases()), case_name);

}  // namespace
}  // namespace fakecam::media
