// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/yuv_to_bgr.hpp"
#include "media/ffmpeg_api.hpp"

#include <array>

#include <libyuv/convert_argb.h>
#include <opencv2/core.hpp>

extern "C" {
#include <libavutil/pixdesc.h>
}

namespace fakecam::media {
namespace {

enum class Chroma { i420, i422, i444, nv12, nv21 };

struct Layout {
  Chroma chroma;
  bool alpha;  // a fourth plane (data[3]) of alpha
};

// The frame's planes, or copies of some of them.
struct Planes {
  const std::uint8_t* data[4];
  int linesize[4];
  int width, height;
};

bool layout_of(AVPixelFormat format, Layout& layout) {
  switch (format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
      layout = {Chroma::i420, false};
      return true;
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
      layout = {Chroma::i422, false};
      return true;
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
      layout = {Chroma::i444, false};
      return true;
    case AV_PIX_FMT_YUVA420P:
      layout = {Chroma::i420, true};
      return true;
    case AV_PIX_FMT_YUVA422P:
      layout = {Chroma::i422, true};
      return true;
    case AV_PIX_FMT_YUVA444P:
      layout = {Chroma::i444, true};
      return true;
    case AV_PIX_FMT_NV12:
      layout = {Chroma::nv12, false};
      return true;
    case AV_PIX_FMT_NV21:
      layout = {Chroma::nv21, false};
      return true;
    default:
      return false;
  }
}

const libyuv::YuvConstants* matrix_of(bool bt709, bool full_range) {
  if (bt709) return full_range ? &libyuv::kYuvF709Constants : &libyuv::kYuvH709Constants;
  return full_range ? &libyuv::kYuvJPEGConstants : &libyuv::kYuvI601Constants;
}

// libyuv's names are for the little-endian word: its "RGB24" is B, G, R in
// memory (OpenCV's BGR) and its "ARGB" is B, G, R, A (OpenCV's BGRA).
int to_bgr(const Planes& f, Layout layout, const libyuv::YuvConstants* m, std::uint8_t* dst, int stride) {
  const int w = f.width, h = f.height;
  switch (layout.chroma) {
    case Chroma::i420:
      return libyuv::I420ToRGB24Matrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2],
                                       dst, stride, m, w, h);
    case Chroma::i422:
      return libyuv::I422ToRGB24Matrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2],
                                       dst, stride, m, w, h);
    case Chroma::i444:
      return libyuv::I444ToRGB24Matrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2],
                                       dst, stride, m, w, h);
    case Chroma::nv12:
      return libyuv::NV12ToRGB24Matrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], dst, stride, m, w, h);
    case Chroma::nv21:
      return libyuv::NV21ToRGB24Matrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], dst, stride, m, w, h);
  }
  return -1;
}

int to_bgra(const Planes& f, Layout layout, const libyuv::YuvConstants* m, std::uint8_t* dst, int stride) {
  const int w = f.width, h = f.height;
  // Alpha as stored: not premultiplied into the colour.
  constexpr int kAttenuate = 0;
  if (layout.alpha) {
    switch (layout.chroma) {
      case Chroma::i420:
        return libyuv::I420AlphaToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2],
                                             f.linesize[2], f.data[3], f.linesize[3], dst, stride, m, w, h, kAttenuate);
      case Chroma::i422:
        return libyuv::I422AlphaToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2],
                                             f.linesize[2], f.data[3], f.linesize[3], dst, stride, m, w, h, kAttenuate);
      case Chroma::i444:
        return libyuv::I444AlphaToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2],
                                             f.linesize[2], f.data[3], f.linesize[3], dst, stride, m, w, h, kAttenuate);
      default:
        return -1;  // no NV12 with alpha
    }
  }
  switch (layout.chroma) {
    case Chroma::i420:
      return libyuv::I420ToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2], dst,
                                      stride, m, w, h);
    case Chroma::i422:
      return libyuv::I422ToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2], dst,
                                      stride, m, w, h);
    case Chroma::i444:
      return libyuv::I444ToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2], dst,
                                      stride, m, w, h);
    case Chroma::nv12:
      return libyuv::NV12ToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], dst, stride, m, w, h);
    case Chroma::nv21:
      return libyuv::NV21ToARGBMatrix(f.data[0], f.linesize[0], f.data[1], f.linesize[1], dst, stride, m, w, h);
  }
  return -1;
}

// Limited-range levels (luma 16..235, chroma 16..240) to full range, one
// table per kind of plane.
const cv::Mat& expansion_table(bool chroma) {
  static const std::array<cv::Mat, 2> tables = [] {
    cv::Mat luma(1, 256, CV_8U), colour(1, 256, CV_8U);
    for (int v = 0; v < 256; ++v) {
      luma.at<std::uint8_t>(v) = cv::saturate_cast<std::uint8_t>((v - 16) * 255.0 / 219.0);
      colour.at<std::uint8_t>(v) = cv::saturate_cast<std::uint8_t>((v - 128) * 255.0 / 224.0 + 128);
    }
    return std::array<cv::Mat, 2>{luma, colour};
  }();
  return tables[chroma ? 1 : 0];
}

}  // namespace

bool LibyuvConverter::convert(const AVFrame& frame, PixelFormat layout, bool bt709, bool full_range, cv::Mat& out) {
  Layout kind{};
  if (!layout_of(static_cast<AVPixelFormat>(frame.format), kind)) return false;
  Planes planes{{frame.data[0], frame.data[1], frame.data[2], frame.data[3]},
                {frame.linesize[0], frame.linesize[1], frame.linesize[2], frame.linesize[3]},
                frame.width,
                frame.height};
  if (bt709 && !full_range) {
    // libyuv's SIMD code clamps this matrix's blue coefficient (2.11 to 2.0
    // in its 6-bit fixed point: up to 12 levels off in saturated blues), so
    // the planes are expanded to full range and converted as that (at most
    // a level off; a table lookup costs far less than swscale's exact path).
    const AVPixFmtDescriptor& desc = *ffmpeg().av_pix_fmt_desc_get(static_cast<AVPixelFormat>(frame.format));
    const int chroma_rows = AV_CEIL_RSHIFT(frame.height, desc.log2_chroma_h);
    const int chroma_bytes = kind.chroma == Chroma::nv12 || kind.chroma == Chroma::nv21
                                 ? 2 * AV_CEIL_RSHIFT(frame.width, 1)
                                 : AV_CEIL_RSHIFT(frame.width, desc.log2_chroma_w);
    const int colour_planes = kind.chroma == Chroma::nv12 || kind.chroma == Chroma::nv21 ? 1 : 2;
    for (int p = 0; p <= colour_planes; ++p) {
      if (frame.linesize[p] < 0) return false;  // bottom-up rows: swscale's
      const cv::Mat source(p == 0 ? frame.height : chroma_rows, p == 0 ? frame.width : chroma_bytes, CV_8U,
                           frame.data[p], static_cast<std::size_t>(frame.linesize[p]));
      cv::LUT(source, expansion_table(p != 0), expanded_[p]);
      planes.data[p] = expanded_[p].data;
      planes.linesize[p] = static_cast<int>(expanded_[p].step[0]);
    }
    full_range = true;
  }
  const libyuv::YuvConstants* matrix = matrix_of(bt709, full_range);
  const int stride = static_cast<int>(out.step[0]);
  const int rc = layout == PixelFormat::bgra ? to_bgra(planes, kind, matrix, out.data, stride)
                                             : to_bgr(planes, kind, matrix, out.data, stride);
  return rc == 0;
}

}  // namespace fakecam::media
