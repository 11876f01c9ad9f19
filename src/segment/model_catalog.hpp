// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where the bundled models live, and which one a user means.

#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace fakecam::segment {

// "general" (256x256), "landscape" (144x256) or "auto" (chosen per frame
// shape: landscape for wide frames such as 16:9 webcams).
inline constexpr const char* kModelGeneral = "general";
inline constexpr const char* kModelLandscape = "landscape";
inline constexpr const char* kModelAuto = "auto";

// In the top of a build tree (beside CMakeCache.txt), the build writes this
// file naming the model directory of the source tree. An uninstalled binary
// finds its models through it; no build path is compiled into the program.
inline constexpr const char* kBuildTreeModelFile = "fakecam-build-models.txt";

// What the search depends on, so tests can pose as any environment.
struct ModelSearchContext {
  std::function<std::optional<std::string>(const char* name)> getenv;
  std::filesystem::path executable;      // the running program (empty: unknown)
  std::filesystem::path configured_dir;  // <prefix>/share/fakecam/models of the build
};

// The directories searched for the bundled models, in order:
//   $FAKECAM_MODEL_DIR,
//   $XDG_DATA_HOME/fakecam/models (default ~/.local/share),
//   each of $XDG_DATA_DIRS/fakecam/models (default /usr/local/share:/usr/share),
//   <executable>/../share/fakecam/models (a relocated install),
//   the configured prefix's share/fakecam/models,
//   and, for a binary inside a build tree, the source tree's models.
std::vector<std::filesystem::path> model_search_path(const ModelSearchContext& context);
std::vector<std::filesystem::path> model_search_path();  // of this process

// A model name ("general", "landscape") or a path to a .tflite file.
// "auto" must be resolved first with choose_model(). Throws Error with the
// places searched when a named model is missing.
std::filesystem::path resolve_model(const std::string& spec, const ModelSearchContext& context);
std::filesystem::path resolve_model(const std::string& spec);

// Resolves "auto" for a frame of the given size; other specs pass through.
std::string choose_model(const std::string& spec, int frame_width, int frame_height);

}  // namespace fakecam::segment
