// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/frame_to_yuv.hpp"

#include <libyuv/convert.h>

#include "media/frame_converter.hpp"

namespace fakecam::media {
namespace {

enum class Layout { none, i420, i422, i444, nv12, nv21 };

Layout layout_of(AVPixelFormat format) {
  switch (format) {
    case AV_PIX_FMT_YUV420P:
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVA420P:
      return Layout::i420;
    case AV_PIX_FMT_YUV422P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVA422P:
      return Layout::i422;
    case AV_PIX_FMT_YUV444P:
    case AV_PIX_FMT_YUVJ444P:
    case AV_PIX_FMT_YUVA444P:
      return Layout::i444;
    case AV_PIX_FMT_NV12:
      return Layout::nv12;
    case AV_PIX_FMT_NV21:
      return Layout::nv21;
    default:
      return Layout::none;
  }
}

bool is_full_range(const AVFrame& frame) {
  switch (static_cast<AVPixelFormat>(frame.format)) {
    case AV_PIX_FMT_YUVJ420P:
    case AV_PIX_FMT_YUVJ422P:
    case AV_PIX_FMT_YUVJ444P:
      return true;
    default:
      return frame.color_range == AVCOL_RANGE_JPEG;
  }
}

int convert(const AVFrame& f, Layout layout, YuvImage& out) {
  cv::Mat y = out.y(), u = out.u(), v = out.v();
  const int ys = static_cast<int>(y.step[0]), us = static_cast<int>(u.step[0]), vs = static_cast<int>(v.step[0]);
  const int w = f.width, h = f.height;
  switch (layout) {
    case Layout::i420:
      return libyuv::I420Copy(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2], y.data, ys,
                              u.data, us, v.data, vs, w, h);
    case Layout::i422:
      return libyuv::I422ToI420(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2], y.data,
                                ys, u.data, us, v.data, vs, w, h);
    case Layout::i444:
      return libyuv::I444ToI420(f.data[0], f.linesize[0], f.data[1], f.linesize[1], f.data[2], f.linesize[2], y.data,
                                ys, u.data, us, v.data, vs, w, h);
    case Layout::nv12:
      return libyuv::NV12ToI420(f.data[0], f.linesize[0], f.data[1], f.linesize[1], y.data, ys, u.data, us, v.data, vs,
                                w, h);
    case Layout::nv21:
      // NV21 is NV12 with V first: the same split, planes swapped.
      return libyuv::NV12ToI420(f.data[0], f.linesize[0], f.data[1], f.linesize[1], y.data, ys, v.data, vs, u.data, us,
                                w, h);
    case Layout::none:
      break;
  }
  return -1;
}

}  // namespace

bool frame_to_yuv(const AVFrame& frame, YuvImage& out) {
  const Layout layout = layout_of(static_cast<AVPixelFormat>(frame.format));
  if (layout == Layout::none || frame.colorspace == AVCOL_SPC_BT709) return false;
  if (frame.width <= 0 || frame.height <= 0 || frame.width % 2 != 0 || frame.height % 2 != 0) return false;
  const int planes = layout == Layout::nv12 || layout == Layout::nv21 ? 2 : 3;
  for (int p = 0; p < planes; ++p) {
    if (frame.data[p] == nullptr || frame.linesize[p] <= 0) return false;  // bottom-up rows: the BGR path's
  }
  const bool full_range = is_full_range(frame);
  if (layout == Layout::i420 && full_range) {
    // MJPEG clips (yuvj420p): one pass from the decoder's planes.
    auto plane = [&](int p, int w, int h) {
      return cv::Mat(h, w, CV_8UC1, frame.data[p], static_cast<std::size_t>(frame.linesize[p]));
    };
    full_to_limited_range(plane(0, frame.width, frame.height), plane(1, frame.width / 2, frame.height / 2),
                          plane(2, frame.width / 2, frame.height / 2), out);
    return true;
  }
  // Converted aside when `out` is in use elsewhere: create() reallocates then.
  out.create({frame.width, frame.height});
  if (convert(frame, layout, out) != 0) return false;
  if (full_range) full_to_limited_range(out);
  return true;
}

void apply_exif_orientation(int orientation, YuvImage& image) {
  if (orientation <= 1 || orientation > 8 || image.empty()) return;
  const cv::Size size = image.size();
  YuvImage turned(orientation >= 5 ? cv::Size(size.height, size.width) : size);
  const cv::Mat from[3] = {image.y(), image.u(), image.v()};
  const cv::Mat to[3] = {turned.y(), turned.u(), turned.v()};
  for (int p = 0; p < 3; ++p) {
    cv::Mat plane = from[p].clone();
    apply_exif_orientation(orientation, plane);
    cv::Mat dst = to[p];
    plane.copyTo(dst);
  }
  image = turned;
}

}  // namespace fakecam::media
