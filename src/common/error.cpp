// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/error.hpp"

#include <cstring>

namespace fakecam {

std::string errno_text(int errnum) {
  char buf[256];
  // GNU strerror_r returns the message pointer (maybe not buf).
  return ::strerror_r(errnum, buf, sizeof buf);
}

}  // namespace fakecam
