// SPDX-License-Identifier: GPL-3.0-or-later
#include "common/shared_library.hpp"

#include <dlfcn.h>

#include "common/error.hpp"

namespace fakecam {

SharedLibrary::SharedLibrary(const char* soname, const std::string& purpose)
    : soname_(soname), purpose_(purpose), handle_(dlopen(soname, RTLD_NOW | RTLD_LOCAL)) {
  if (handle_ == nullptr) fail("cannot load {}: {}", purpose_, dlerror());
}

void* SharedLibrary::symbol(const char* name) const {
  void* address = dlsym(handle_, name);
  if (address == nullptr) fail("cannot load {}: {} has no {} (an incompatible version?)", purpose_, soname_, name);
  return address;
}

}  // namespace fakecam
