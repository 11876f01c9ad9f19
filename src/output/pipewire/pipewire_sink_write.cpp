// SPDX-License-Identifier: GPL-3.0-or-later
// PipeWireSink::write and write_yuv: one frame converted straight into a
// dequeued buffer's shared memory under the loop lock, then one graph cycle.

#include "output/pipewire/pipewire_sink_impl.hpp"

#include <time.h>

#include <spa/buffer/meta.h>

#include "common/error.hpp"
#include "common/log.hpp"

namespace fakecam::output::pipewire {
namespace {

std::uint64_t monotonic_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace

template <class Image>
void PipeWireSinkImpl::send(const Image& image) {
  if (!streaming_) return;  // nobody watches: not even a conversion
  LoopLock lock(loop_.get());
  if (!stream_ || !writer_ || state_ != PW_STREAM_STATE_STREAMING) return;
  pw_buffer* buffer = pw_stream_dequeue_buffer(stream_.get());
  if (buffer == nullptr) {  // the consumer still holds every buffer
    ++dropped_;
    return;
  }
  spa_buffer* buf = buffer->buffer;
  spa_data& d = buf->datas[0];
  const std::size_t size = writer_->frame_size();
  const bool usable = buf->n_datas >= 1 && d.data != nullptr && d.maxsize >= size;
  if (usable) {
    writer_->write(image, static_cast<std::uint8_t*>(d.data));
    d.chunk->offset = 0;
    d.chunk->size = static_cast<std::uint32_t>(size);
    d.chunk->stride = static_cast<std::int32_t>(writer_->stride());
    d.chunk->flags = SPA_CHUNK_FLAG_NONE;
  } else {
    // Buffers this small or unmapped cannot come from the params we set;
    // hand it back empty rather than write out of bounds.
    if (!bad_buffer_logged_)
      spdlog::warn("PipeWire: got an unusable buffer ({} bytes for a {}-byte frame)", d.maxsize, size);
    bad_buffer_logged_ = true;
    d.chunk->size = 0;
    d.chunk->flags = SPA_CHUNK_FLAG_CORRUPTED;
    ++dropped_;
  }
  if (auto* header =
          static_cast<spa_meta_header*>(spa_buffer_find_meta_data(buf, SPA_META_Header, sizeof(spa_meta_header)))) {
    header->flags = usable ? 0 : SPA_META_HEADER_FLAG_CORRUPTED;
    header->offset = 0;
    header->pts = static_cast<std::int64_t>(monotonic_ns());
    header->dts_offset = 0;
    header->seq = sequence_++;
  }
  pw_stream_queue_buffer(stream_.get(), buffer);
  // Driving: runs one graph cycle now. Driven by another node: asks it for one.
  pw_stream_trigger_process(stream_.get());
  if (usable) ++sent_;
}

void PipeWireSinkImpl::write(const cv::Mat& bgr) {
  if (bgr.type() != CV_8UC3 || bgr.cols != options_.width || bgr.rows != options_.height) {
    fail("PipeWire camera: got a {}x{} frame of type {}, expected {}x{} 8-bit BGR", bgr.cols, bgr.rows, bgr.type(),
         options_.width, options_.height);
  }
  send(bgr);
}

void PipeWireSinkImpl::write_yuv(const YuvImage& frame) {
  if (frame.size() != cv::Size(options_.width, options_.height)) {
    fail("PipeWire camera: got a {}x{} YUV frame, expected {}x{}", frame.size().width, frame.size().height,
         options_.width, options_.height);
  }
  send(frame);
}

}  // namespace fakecam::output::pipewire
