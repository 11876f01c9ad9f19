// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A shared library opened at run time (dlopen), for the big optional parts
// fakecam loads only when a feature needs them: FFmpeg for files
// (media/ffmpeg_api.hpp), SDL for the preview window (app/preview/sdl_api.hpp).
// Never closed: objects the library made may live until exit.

#include <string>

namespace fakecam {

class SharedLibrary {
 public:
  // Throws fakecam::Error "cannot load <purpose>: <dlerror()>" when the
  // library is missing or cannot be loaded.
  SharedLibrary(const char* soname, const std::string& purpose);

  // The function `name` into out (a function pointer of the type the
  // library's header declares); throws naming the library when it lacks it.
  template <typename Function>
  void resolve(const char* name, Function& out) const {
    out = reinterpret_cast<Function>(symbol(name));
  }

 private:
  void* symbol(const char* name) const;

  const char* soname_;
  std::string purpose_;
  void* handle_;
};

}  // namespace fakecam
