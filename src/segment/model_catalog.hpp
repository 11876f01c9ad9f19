#pragma once
// Where the bundled models live, and which one a user means.

#include <filesystem>
#include <string>
#include <vector>

namespace fakecam::segment {

// "general" (256x256), "landscape" (144x256) or "auto" (chosen per frame
// shape: landscape for wide frames such as 16:9 webcams).
inline constexpr const char* kModelGeneral = "general";
inline constexpr const char* kModelLandscape = "landscape";
inline constexpr const char* kModelAuto = "auto";

// The directories searched for the bundled models, in order:
// $FAKECAM_MODEL_DIR, the build's model cache, the install location.
std::vector<std::filesystem::path> model_search_path();

// A model name ("general", "landscape") or a path to a .tflite file.
// "auto" must be resolved first with choose_model(). Throws Error with the
// places searched when a named model is missing.
std::filesystem::path resolve_model(const std::string& spec);

// Resolves "auto" for a frame of the given size; other specs pass through.
std::string choose_model(const std::string& spec, int frame_width, int frame_height);

}  // namespace fakecam::segment
