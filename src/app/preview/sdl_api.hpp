// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// SDL, loaded when a preview window opens rather than when fakecam starts:
// linked directly it brings ~20 libraries of its own (X11, Wayland, audio)
// into every camera process, which never shows a window itself
// (media/ffmpeg_api.hpp says what that costs).

#include <SDL.h>

namespace fakecam::app::preview {

// X(function): every SDL function the preview window calls.
#define FAKECAM_SDL_FUNCTIONS(X) \
  X(SDL_CreateRenderer)          \
  X(SDL_CreateTexture)           \
  X(SDL_CreateWindow)            \
  X(SDL_DestroyRenderer)         \
  X(SDL_DestroyTexture)          \
  X(SDL_DestroyWindow)           \
  X(SDL_GetError)                \
  X(SDL_InitSubSystem)           \
  X(SDL_PollEvent)               \
  X(SDL_QuitSubSystem)           \
  X(SDL_RenderClear)             \
  X(SDL_RenderCopy)              \
  X(SDL_RenderPresent)           \
  X(SDL_SetHint)                 \
  X(SDL_UpdateTexture)

struct SdlApi {
#define FAKECAM_SDL_POINTER(name) decltype(&::name) name = nullptr;
  FAKECAM_SDL_FUNCTIONS(FAKECAM_SDL_POINTER)
#undef FAKECAM_SDL_POINTER
};

// SDL, loaded on the first call (thread-safe); throws fakecam::Error naming
// the library when it is missing. The next call tries again.
const SdlApi& sdl();

}  // namespace fakecam::app::preview
