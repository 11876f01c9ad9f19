// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/thread_name.hpp"

#include <pthread.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace fakecam {

void name_this_thread(const char* name) {
  // Longer names are refused by the kernel (ERANGE), not cut: cut them here.
  const std::string cut(name, std::min<std::size_t>(std::strlen(name), 15));
  pthread_setname_np(pthread_self(), cut.c_str());
}

}  // namespace fakecam
