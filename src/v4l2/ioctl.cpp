// SPDX-License-Identifier: GPL-3.0-or-later
#include "v4l2/ioctl.hpp"

#include <sys/ioctl.h>

#include <cerrno>

namespace fakecam::v4l2 {

int ioctl(int fd, unsigned long request, void* arg) {
  for (;;) {
    if (::ioctl(fd, request, arg) == 0) return 0;
    if (errno != EINTR) return errno;
  }
}

}  // namespace fakecam::v4l2
