// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The frames `fakecam preview` shows, shared between the running fakecam
// (the writer) and the preview window (a reader in another process) through
// one memfd: a header and a few slots of downscaled BGR frames.
//
// Each slot has a sequence counter (a seqlock): the writer makes it odd
// while it fills the slot and even again when done, so a reader that copied
// a slot while it was being rewritten sees the counter changed and drops the
// copy instead of showing a torn frame. With several slots the writer fills
// the oldest one, so a reader is rarely caught in the middle. Neither side
// ever waits for the other: the camera must not stall for a slow window.

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <functional>

#include <opencv2/core.hpp>

#include "common/unique_fd.hpp"

namespace fakecam::app::preview {

constexpr int kRingSlots = 3;
constexpr int kMaxPreviewWidth = 640;

// The preview size for `output`: at most kMaxPreviewWidth wide, same aspect,
// even sides.
cv::Size preview_size(cv::Size output);

// The layout in shared memory (both processes run the same binary).
struct RingSlot {
  std::atomic<std::uint64_t> sequence;  // odd while being written
  std::atomic<std::uint64_t> frame;     // the frame number it holds (1, 2, ...)
};
struct RingHeader {
  std::uint32_t magic;
  std::uint32_t version;
  std::uint32_t width;
  std::uint32_t height;
  std::uint32_t slots;
  std::uint32_t reserved;
  std::atomic<std::uint64_t> latest;  // the newest complete frame number; 0 = none yet
  RingSlot slot[kRingSlots];
};
static_assert(std::atomic<std::uint64_t>::is_always_lock_free, "the ring is shared between processes");

// Maps a ring memfd; the owner of either end below.
class RingMapping {
 public:
  RingMapping() = default;
  RingMapping(void* base, std::size_t size) : base_(base), size_(size) {}
  RingMapping(RingMapping&& other) noexcept;
  RingMapping& operator=(RingMapping&& other) noexcept;
  ~RingMapping();

  RingHeader* header() const { return static_cast<RingHeader*>(base_); }
  std::uint8_t* slot_pixels(int slot) const;

 private:
  void* base_ = nullptr;
  std::size_t size_ = 0;
};

// The camera's end: makes the memfd (sealed against resizing, so a reader
// may trust its size) and writes frames into it.
class FrameRingWriter {
 public:
  // Throws Error when the memfd cannot be made.
  explicit FrameRingWriter(cv::Size size);

  cv::Size size() const { return size_; }
  // A new descriptor of the memfd, to pass to a reader.
  UniqueFd share() const;
  // Scales `bgr` (CV_8UC3, any size) into the oldest slot and publishes it.
  void write(const cv::Mat& bgr);
  std::uint64_t frames_written() const { return written_; }

 private:
  void begin_write(int slot);
  void end_write(int slot);
  cv::Mat slot_image(int slot) const;

  cv::Size size_;
  UniqueFd fd_;
  RingMapping map_;
  std::uint64_t written_ = 0;
};

// The preview's end: maps a memfd received from fakecam (read-only).
class FrameRingReader {
 public:
  // Throws Error naming `what` when the descriptor is not a frame ring of
  // this version (wrong size, magic or shape).
  FrameRingReader(UniqueFd fd, const char* what);

  cv::Size size() const { return size_; }
  // Copies the newest complete frame into `out` (CV_8UC3) when it is newer
  // than `after`; returns its number, or 0 when there is none newer or it was
  // being rewritten while copied (try again at the next signal).
  std::uint64_t read_newest(cv::Mat& out, std::uint64_t after = 0) const;

  // For tests of torn reads: called after the pixels are copied and before
  // the copy is checked (a writer run there overtakes the reader).
  void set_after_copy_for_test(std::function<void()> hook) { after_copy_ = std::move(hook); }

 private:
  cv::Size size_;
  RingMapping map_;
  std::function<void()> after_copy_;
};

}  // namespace fakecam::app::preview
