// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preview/frame_ring.hpp"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>

#include <cerrno>
#include <utility>

#include <opencv2/imgproc.hpp>

#include "common/error.hpp"

namespace fakecam::app::preview {

namespace {

constexpr std::uint32_t kMagic = 0x6663'7076;  // "fcpv"
constexpr std::uint32_t kVersion = 1;
// Slots start on a cache line of their own.
constexpr std::size_t kHeaderBytes = (sizeof(RingHeader) + 63) / 64 * 64;

std::size_t slot_bytes(std::uint32_t width, std::uint32_t height) { return std::size_t{width} * height * 3; }
std::size_t ring_bytes(std::uint32_t width, std::uint32_t height) {
  return kHeaderBytes + kRingSlots * slot_bytes(width, height);
}

}  // namespace

cv::Size preview_size(cv::Size output) {
  if (output.width <= kMaxPreviewWidth) return {output.width / 2 * 2, output.height / 2 * 2};
  const int height = static_cast<int>(static_cast<long long>(output.height) * kMaxPreviewWidth / output.width);
  return {kMaxPreviewWidth, std::max(2, height / 2 * 2)};
}

RingMapping::RingMapping(RingMapping&& other) noexcept
    : base_(std::exchange(other.base_, nullptr)), size_(std::exchange(other.size_, 0)) {}

RingMapping& RingMapping::operator=(RingMapping&& other) noexcept {
  if (this != &other) {
    if (base_ != nullptr) ::munmap(base_, size_);
    base_ = std::exchange(other.base_, nullptr);
    size_ = std::exchange(other.size_, 0);
  }
  return *this;
}

RingMapping::~RingMapping() {
  if (base_ != nullptr) ::munmap(base_, size_);
}

std::uint8_t* RingMapping::slot_pixels(int slot) const {
  const RingHeader* h = header();
  return static_cast<std::uint8_t*>(base_) + kHeaderBytes +
         static_cast<std::size_t>(slot) * slot_bytes(h->width, h->height);
}

FrameRingWriter::FrameRingWriter(cv::Size size) : size_(size) {
  if (size.width <= 0 || size.height <= 0) fail("preview: bad frame size {}x{}", size.width, size.height);
  const auto w = static_cast<std::uint32_t>(size.width);
  const auto h = static_cast<std::uint32_t>(size.height);
  const std::size_t bytes = ring_bytes(w, h);
  fd_.reset(::memfd_create("fakecam-preview", MFD_CLOEXEC | MFD_ALLOW_SEALING));
  if (!fd_) fail("preview: cannot make a memfd: {}", errno_text(errno));
  if (::ftruncate(fd_.get(), static_cast<off_t>(bytes)) != 0)
    fail("preview: cannot size the memfd: {}", errno_text(errno));
  // A reader maps exactly this much; it must not shrink under it.
  ::fcntl(fd_.get(), F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL);
  void* base = ::mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd_.get(), 0);
  if (base == MAP_FAILED) fail("preview: cannot map the memfd: {}", errno_text(errno));
  map_ = RingMapping(base, bytes);
  // A fresh memfd is zero-filled: the atomics start at 0 (no frame yet).
  RingHeader* header = map_.header();
  header->magic = kMagic;
  header->version = kVersion;
  header->width = w;
  header->height = h;
  header->slots = kRingSlots;
}

UniqueFd FrameRingWriter::share() const {
  UniqueFd copy(::fcntl(fd_.get(), F_DUPFD_CLOEXEC, 0));
  if (!copy) fail("preview: cannot duplicate the memfd: {}", errno_text(errno));
  return copy;
}

void FrameRingWriter::begin_write(int slot) {
  RingSlot& s = map_.header()->slot[slot];
  s.sequence.store(s.sequence.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
  // The odd sequence is visible before any pixel changes.
  std::atomic_thread_fence(std::memory_order_release);
}

void FrameRingWriter::end_write(int slot) {
  RingSlot& s = map_.header()->slot[slot];
  s.frame.store(written_ + 1, std::memory_order_relaxed);
  s.sequence.store(s.sequence.load(std::memory_order_relaxed) + 1, std::memory_order_release);
  ++written_;
  map_.header()->latest.store(written_, std::memory_order_release);
}

cv::Mat FrameRingWriter::slot_image(int slot) const { return cv::Mat(size_, CV_8UC3, map_.slot_pixels(slot)); }

void FrameRingWriter::write(const cv::Mat& bgr) {
  const int slot = static_cast<int>((written_ + 1) % kRingSlots);  // the oldest
  begin_write(slot);
  cv::Mat target = slot_image(slot);
  if (bgr.size() == size_) {
    bgr.copyTo(target);
  } else {
    cv::resize(bgr, target, size_, 0, 0, cv::INTER_AREA);
  }
  end_write(slot);
}

FrameRingReader::FrameRingReader(UniqueFd fd, const char* what) {
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail("{}: cannot inspect the preview memory: {}", what, errno_text(errno));
  const auto bytes = static_cast<std::size_t>(st.st_size);
  if (bytes < kHeaderBytes) fail("{}: the preview memory is too small ({} bytes)", what, bytes);
  void* base = ::mmap(nullptr, bytes, PROT_READ, MAP_SHARED, fd.get(), 0);
  if (base == MAP_FAILED) fail("{}: cannot map the preview memory: {}", what, errno_text(errno));
  map_ = RingMapping(base, bytes);
  const RingHeader* h = map_.header();
  if (h->magic != kMagic || h->version != kVersion) {
    fail("{}: not a fakecam preview of this version (another fakecam version is running?)", what);
  }
  if (h->slots != kRingSlots || h->width == 0 || h->height == 0 || h->width > 16384 || h->height > 16384 ||
      ring_bytes(h->width, h->height) > bytes) {
    fail("{}: the preview memory has a bad shape ({}x{}, {} slots, {} bytes)", what, h->width, h->height, h->slots,
         bytes);
  }
  size_ = cv::Size(static_cast<int>(h->width), static_cast<int>(h->height));
}

std::uint64_t FrameRingReader::read_newest(cv::Mat& out, std::uint64_t after) const {
  const RingHeader* h = map_.header();
  const std::uint64_t latest = h->latest.load(std::memory_order_acquire);
  if (latest == 0 || latest <= after) return 0;
  const int slot = static_cast<int>(latest % kRingSlots);
  const RingSlot& s = h->slot[slot];
  const std::uint64_t before = s.sequence.load(std::memory_order_acquire);
  if (before % 2 != 0) return 0;  // being rewritten right now
  const std::uint64_t frame = s.frame.load(std::memory_order_relaxed);
  out.create(size_, CV_8UC3);
  cv::Mat(size_, CV_8UC3, map_.slot_pixels(slot)).copyTo(out);
  if (after_copy_) after_copy_();
  // The copy is done before the sequence is read again.
  std::atomic_thread_fence(std::memory_order_acquire);
  if (s.sequence.load(std::memory_order_relaxed) != before) return 0;  // torn: the writer came round meanwhile
  return frame;
}

}  // namespace fakecam::app::preview
