// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/mapping.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <cerrno>
#include <utility>

#include "common/error.hpp"

namespace fakecam::v4l2 {

Mapping::Mapping(int fd, std::size_t length, std::uint32_t offset)
    : address_(::mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, offset)), length_(length) {
  if (address_ == MAP_FAILED) {
    const int err = errno;
    address_ = nullptr;
    throw Error(errno_text(err));
  }
}

Mapping::~Mapping() {
  if (address_ != nullptr) ::munmap(address_, length_);
}

Mapping::Mapping(Mapping&& other) noexcept
    : address_(std::exchange(other.address_, nullptr)), length_(std::exchange(other.length_, 0)) {}

std::span<const std::uint8_t> Mapping::bytes(std::size_t used) const {
  return {static_cast<const std::uint8_t*>(address_), std::min(used, length_)};
}

}  // namespace fakecam::v4l2
