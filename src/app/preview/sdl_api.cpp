// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/preview/sdl_api.hpp"

#include "common/shared_library.hpp"

namespace fakecam::app::preview {
namespace {

// SDL 2's soname has kept its major version since 2.0.0.
constexpr const char* kSdl = "libSDL2-2.0.so.0";

SdlApi load() {
  const SharedLibrary library(kSdl, "SDL, which draws the preview window");
  SdlApi api;
#define FAKECAM_SDL_RESOLVE(name) library.resolve(#name, api.name);
  FAKECAM_SDL_FUNCTIONS(FAKECAM_SDL_RESOLVE)
#undef FAKECAM_SDL_RESOLVE
  return api;
}

}  // namespace

const SdlApi& sdl() {
  // A static's initialisation is thread-safe, and tried again after a throw.
  static const SdlApi api = load();
  return api;
}

}  // namespace fakecam::app::preview
