#include "segment/model_catalog.hpp"

#include <cstdlib>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.hpp"

namespace fakecam::segment {

std::vector<std::filesystem::path> model_search_path() {
  std::vector<std::filesystem::path> dirs;
  if (const char* env = std::getenv("FAKECAM_MODEL_DIR"); env != nullptr && *env != '\0') dirs.emplace_back(env);
  dirs.emplace_back(FAKECAM_BUILD_MODEL_DIR);
  dirs.emplace_back(FAKECAM_INSTALL_MODEL_DIR);
  return dirs;
}

std::filesystem::path resolve_model(const std::string& spec) {
  std::string file;
  if (spec == kModelGeneral) {
    file = "selfie_segmentation.tflite";
  } else if (spec == kModelLandscape) {
    file = "selfie_segmentation_landscape.tflite";
  } else if (spec == kModelAuto) {
    fail("internal error: model 'auto' must be chosen per frame before it is resolved");
  } else {
    return spec;  // a path; the loader reports a missing or bad file
  }
  std::vector<std::string> tried;
  for (const auto& dir : model_search_path()) {
    const auto candidate = dir / file;
    std::error_code ec;
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    tried.push_back(dir.string());
  }
  fail("model '{}' ({}) not found in {}; fetch it with `cmake -P cmake/FetchModels.cmake` (see models/README.md), "
       "set FAKECAM_MODEL_DIR, or pass --model FILE.tflite",
       spec, file, fmt::join(tried, ", "));
}

std::string choose_model(const std::string& spec, int frame_width, int frame_height) {
  if (spec != kModelAuto) return spec;
  // The landscape model sees 256x144 (16:9); it fits frames at least 3:2 wide.
  return frame_width * 2 >= frame_height * 3 ? kModelLandscape : kModelGeneral;
}

}  // namespace fakecam::segment
