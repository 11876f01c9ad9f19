// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/image_encoder.hpp"

#include <algorithm>
#include <cctype>

#include "common/error.hpp"
#include "media/av_handles.hpp"
#include "media/ffmpeg_api.hpp"

namespace fakecam::media {
namespace {

AVPixelFormat source_format(const cv::Mat& image) {
  switch (image.type()) {
    case CV_8UC1:
      return AV_PIX_FMT_GRAY8;
    case CV_8UC3:
      return AV_PIX_FMT_BGR24;
    case CV_8UC4:
      return AV_PIX_FMT_BGRA;
    default:
      return AV_PIX_FMT_NONE;
  }
}

AVPixelFormat encoded_format(ImageCodec codec, AVPixelFormat source) {
  switch (codec) {
    case ImageCodec::png:
      return source == AV_PIX_FMT_GRAY8  ? AV_PIX_FMT_GRAY8
             : source == AV_PIX_FMT_BGRA ? AV_PIX_FMT_RGBA
                                         : AV_PIX_FMT_RGB24;
    case ImageCodec::jpeg:
      return AV_PIX_FMT_YUVJ420P;  // what JPEG readers expect; grey gets neutral chroma
    case ImageCodec::bmp:
      return source;
  }
  return AV_PIX_FMT_NONE;
}

AVCodecID codec_id(ImageCodec codec) {
  switch (codec) {
    case ImageCodec::png:
      return AV_CODEC_ID_PNG;
    case ImageCodec::jpeg:
      return AV_CODEC_ID_MJPEG;
    case ImageCodec::bmp:
      return AV_CODEC_ID_BMP;
  }
  return AV_CODEC_ID_NONE;
}

// `image` converted into a new frame of `format` (swscale: exact for the
// packed-RGB reorderings PNG and BMP need).
FramePtr converted_frame(const cv::Mat& image, AVPixelFormat from, AVPixelFormat to) {
  FramePtr frame = make_frame();
  frame->format = to;
  frame->width = image.cols;
  frame->height = image.rows;
  if (to == AV_PIX_FMT_YUVJ420P) frame->color_range = AVCOL_RANGE_JPEG;
  if (ffmpeg().av_frame_get_buffer(frame.get(), 0) < 0) fail("out of memory for a {}x{} image", image.cols, image.rows);
  const ScalerPtr scaler(ffmpeg().sws_getContext(image.cols, image.rows, from, image.cols, image.rows, to,
                                                 SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP, nullptr, nullptr,
                                                 nullptr));
  if (!scaler) fail("cannot convert the image for encoding");
  if (to == AV_PIX_FMT_YUVJ420P) {
    const int* coefficients = ffmpeg().sws_getCoefficients(SWS_CS_DEFAULT);
    ffmpeg().sws_setColorspaceDetails(scaler.get(), coefficients, 1, coefficients, 1, 0, 1 << 16, 1 << 16);
  }
  const std::uint8_t* src[4] = {image.data, nullptr, nullptr, nullptr};
  const int src_stride[4] = {static_cast<int>(image.step[0]), 0, 0, 0};
  ffmpeg().sws_scale(scaler.get(), src, src_stride, 0, image.rows, frame->data, frame->linesize);
  return frame;
}

}  // namespace

std::optional<ImageCodec> image_codec_for(const std::filesystem::path& path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (ext == ".png") return ImageCodec::png;
  if (ext == ".jpg" || ext == ".jpeg" || ext == ".jpe") return ImageCodec::jpeg;
  if (ext == ".bmp") return ImageCodec::bmp;
  return std::nullopt;
}

std::string encode_image(const cv::Mat& image, ImageCodec codec) {
  const AVPixelFormat from = source_format(image);
  if (from == AV_PIX_FMT_NONE || image.empty()) {
    fail("cannot encode a {}x{} image of {} channels of {}-bit samples (8-bit grey, BGR or BGRA only)", image.cols,
         image.rows, image.channels(), 8 * static_cast<int>(image.elemSize1()));
  }
  const AVPixelFormat to = encoded_format(codec, from);
  const AVCodec* encoder = ffmpeg().avcodec_find_encoder(codec_id(codec));
  if (encoder == nullptr) fail("this FFmpeg has no {} encoder", ffmpeg().avcodec_get_name(codec_id(codec)));

  CodecContextPtr context = make_codec_context(encoder);
  context->width = image.cols;
  context->height = image.rows;
  context->pix_fmt = to;
  context->time_base = AVRational{1, 25};  // required by video encoders; meaningless for one picture
  context->thread_count = 1;
  if (codec == ImageCodec::jpeg) {
    // Quantiser 2 of 2..31: about libjpeg's quality 95, OpenCV's default.
    context->flags |= AV_CODEC_FLAG_QSCALE;
    context->global_quality = FF_QP2LAMBDA * 2;
    context->color_range = AVCOL_RANGE_JPEG;
  }
  if (const int rc = ffmpeg().avcodec_open2(context.get(), encoder, nullptr); rc < 0) {
    fail("cannot start the {} encoder: {}", encoder->name, av_error_text(rc));
  }
  FramePtr frame = converted_frame(image, from, to);
  frame->quality = context->global_quality;
  if (const int rc = ffmpeg().avcodec_send_frame(context.get(), frame.get()); rc < 0)
    fail("cannot encode: {}", av_error_text(rc));
  ffmpeg().avcodec_send_frame(context.get(), nullptr);
  std::string bytes;
  PacketPtr packet = make_packet();
  while (true) {
    const int rc = ffmpeg().avcodec_receive_packet(context.get(), packet.get());
    if (rc == AVERROR_EOF) break;
    if (rc < 0) fail("cannot encode: {}", av_error_text(rc));
    bytes.append(reinterpret_cast<const char*>(packet->data), static_cast<std::size_t>(packet->size));
    ffmpeg().av_packet_unref(packet.get());
  }
  if (bytes.empty()) fail("the {} encoder gave no data", encoder->name);
  return bytes;
}

}  // namespace fakecam::media
