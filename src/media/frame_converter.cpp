// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/frame_converter.hpp"

#include <cstdlib>

extern "C" {
#include <libavutil/pixdesc.h>
}

#include "common/error.hpp"
#include "media/av_pixel_format.hpp"
#include "media/ffmpeg_api.hpp"
#include "media/yuv_to_bgr.hpp"

namespace fakecam::media {
namespace {

// swscale's SIMD paths write whole blocks of pixels and may run up to a
// block past the end of a row; the rows after the last one absorb that.
constexpr int kTailSlackBytes = 64;

bool is_yuv(const AVPixFmtDescriptor& desc) {
  return (desc.flags & AV_PIX_FMT_FLAG_RGB) == 0 && desc.nb_components >= 3;
}

bool is_full_range_yuv_format(AVPixelFormat format) {
  switch (format) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVJ440P:
    case AV_PIX_FMT_YUVJ411P:
      return true;
    default:
      return false;
  }
}

// `out` as a rows x cols Mat of `type` whose allocation extends at least
// kTailSlackBytes past its last row.
void ensure_padded(cv::Mat& out, int rows, int cols, int type) {
  const std::size_t row_bytes = static_cast<std::size_t>(cols) * CV_ELEM_SIZE(type);
  const std::size_t needed = row_bytes * static_cast<std::size_t>(rows) + kTailSlackBytes;
  if (out.rows == rows && out.cols == cols && out.type() == type && out.isContinuous() && out.u != nullptr &&
      static_cast<std::size_t>(out.datalimit - out.data) >= needed) {
    return;
  }
  const int extra_rows = static_cast<int>((kTailSlackBytes + row_bytes - 1) / row_bytes);
  cv::Mat storage(rows + extra_rows, cols, type);
  out = storage.rowRange(0, rows);
}

}  // namespace

void FrameConverter::convert(const AVFrame& frame, PixelFormat layout, cv::Mat& out) {
  const auto source_format = static_cast<AVPixelFormat>(frame.format);
  const AVPixFmtDescriptor* desc = ffmpeg().av_pix_fmt_desc_get(source_format);
  if (desc == nullptr || frame.width <= 0 || frame.height <= 0) fail("decoded frame has no pixels or no pixel format");
  // Colour matrix and range from the frame (BT.601 when it does not say);
  // grey and RGB are full range by nature.
  const bool yuv = is_yuv(*desc);
  const bool bt709 = yuv && frame.colorspace == AVCOL_SPC_BT709;
  const bool full_range = !yuv || frame.color_range == AVCOL_RANGE_JPEG || is_full_range_yuv_format(source_format);
  if (layout != PixelFormat::bgr24 && layout != PixelFormat::bgra) {
    fail("decoded frames come out as BGR24 or BGRA, not {}", pixel_format_name(layout));
  }
  ensure_padded(out, frame.height, frame.width, layout == PixelFormat::bgra ? CV_8UC4 : CV_8UC3);
  if (yuv && libyuv_.convert(frame, layout, bt709, full_range, out)) return;

  const ScalerKey key{frame.width, frame.height, frame.format, bt709 ? SWS_CS_ITU709 : SWS_CS_DEFAULT,
                      full_range,  layout};
  if (!scaler_ || !(key == key_)) {
    const AVPixelFormat target = to_av_pixel_format(layout);
    // SWS_ACCURATE_RND keeps swscale off its x86 YUV -> RGB fast path, which
    // skips the last block of 8 pixels of a row whose width is not a
    // multiple of 8 (FFmpeg 5.1); SWS_FULL_CHR_H_INT gives every pixel its
    // own chroma instead of sharing it between pairs.
    scaler_.reset(ffmpeg().sws_getContext(frame.width, frame.height, source_format, frame.width, frame.height, target,
                                          SWS_BILINEAR | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT, nullptr, nullptr,
                                          nullptr));
    if (!scaler_) fail("cannot convert pixel format {} to BGR", ffmpeg().av_get_pix_fmt_name(source_format));
    const int* coefficients = ffmpeg().sws_getCoefficients(key.colorspace);
    ffmpeg().sws_setColorspaceDetails(scaler_.get(), coefficients, key.full_range ? 1 : 0, coefficients, 1, 0, 1 << 16,
                                      1 << 16);
    key_ = key;
  }
  std::uint8_t* dst[4] = {out.data, nullptr, nullptr, nullptr};
  const int dst_stride[4] = {static_cast<int>(out.step[0]), 0, 0, 0};
  const int rows = ffmpeg().sws_scale(scaler_.get(), frame.data, frame.linesize, 0, frame.height, dst, dst_stride);
  if (rows != frame.height) fail("cannot convert pixel format {} to BGR", ffmpeg().av_get_pix_fmt_name(source_format));
}

int exif_orientation(const AVFrame& frame) {
  const AVDictionaryEntry* entry = ffmpeg().av_dict_get(frame.metadata, "Orientation", nullptr, 0);
  if (entry == nullptr || entry->value == nullptr) return 1;
  // FFmpeg's EXIF reader pads the number with spaces ("    6").
  const long value = std::strtol(entry->value, nullptr, 10);
  return value >= 1 && value <= 8 ? static_cast<int>(value) : 1;
}

void apply_exif_orientation(int orientation, cv::Mat& image) {
  cv::Mat turned;
  switch (orientation) {
    case 2:
      cv::flip(image, turned, 1);
      break;
    case 3:
      cv::rotate(image, turned, cv::ROTATE_180);
      break;
    case 4:
      cv::flip(image, turned, 0);
      break;
    case 5:
      cv::transpose(image, turned);
      break;
    case 6:
      cv::rotate(image, turned, cv::ROTATE_90_CLOCKWISE);
      break;
    case 7:
      cv::transpose(image, turned);
      cv::flip(turned, turned, -1);
      break;
    case 8:
      cv::rotate(image, turned, cv::ROTATE_90_COUNTERCLOCKWISE);
      break;
    default:
      return;
  }
  image = std::move(turned);
}

}  // namespace fakecam::media
