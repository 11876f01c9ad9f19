// SPDX-License-Identifier: GPL-3.0-or-later
#include "segment/model_catalog.hpp"

#include <cstdlib>
#include <fstream>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "common/error.hpp"

namespace fakecam::segment {
namespace fs = std::filesystem;

namespace {

constexpr const char* kModelSubdir = "fakecam/models";

std::optional<std::string> env_value(const ModelSearchContext& context, const char* name) {
  if (!context.getenv) return std::nullopt;
  auto value = context.getenv(name);
  if (!value || value->empty()) return std::nullopt;
  return value;
}

// The XDG base-directory spec: relative entries are invalid and ignored.
void add_absolute(std::vector<fs::path>& dirs, const fs::path& base) {
  if (base.is_absolute()) dirs.push_back(base / kModelSubdir);
}

// The model directory recorded by the build tree the executable sits in, if any.
std::optional<fs::path> build_tree_models(const fs::path& executable) {
  if (executable.empty()) return std::nullopt;
  std::error_code ec;
  for (fs::path dir = executable.parent_path(); !dir.empty(); dir = dir.parent_path()) {
    if (fs::is_regular_file(dir / "CMakeCache.txt", ec)) {
      std::ifstream in(dir / kBuildTreeModelFile);
      std::string line;
      if (in && std::getline(in, line) && !line.empty()) return fs::path(line);
      return std::nullopt;  // a build tree, but not one of fakecam's
    }
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

ModelSearchContext process_context() {
  ModelSearchContext context;
  context.getenv = [](const char* name) -> std::optional<std::string> {
    const char* value = std::getenv(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
  };
  std::error_code ec;
  context.executable = fs::read_symlink("/proc/self/exe", ec);
  context.configured_dir = FAKECAM_INSTALL_MODEL_DIR;
  return context;
}

}  // namespace

std::vector<fs::path> model_search_path(const ModelSearchContext& context) {
  std::vector<fs::path> dirs;
  if (auto dir = env_value(context, "FAKECAM_MODEL_DIR")) dirs.emplace_back(*dir);

  if (auto data_home = env_value(context, "XDG_DATA_HOME")) {
    add_absolute(dirs, *data_home);
  } else if (auto home = env_value(context, "HOME")) {
    add_absolute(dirs, fs::path(*home) / ".local/share");
  }

  const std::string data_dirs = env_value(context, "XDG_DATA_DIRS").value_or("/usr/local/share:/usr/share");
  for (size_t start = 0; start <= data_dirs.size();) {
    size_t end = data_dirs.find(':', start);
    if (end == std::string::npos) end = data_dirs.size();
    add_absolute(dirs, data_dirs.substr(start, end - start));
    start = end + 1;
  }

  if (!context.executable.empty())
    dirs.push_back(context.executable.parent_path().parent_path() / "share" / kModelSubdir);
  if (!context.configured_dir.empty()) dirs.push_back(context.configured_dir);
  if (auto dir = build_tree_models(context.executable)) dirs.push_back(*dir);
  return dirs;
}

std::vector<fs::path> model_search_path() { return model_search_path(process_context()); }

fs::path resolve_model(const std::string& spec, const ModelSearchContext& context) {
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
  for (const auto& dir : model_search_path(context)) {
    const auto candidate = dir / file;
    std::error_code ec;
    if (fs::is_regular_file(candidate, ec)) return candidate;
    tried.push_back(dir.string());
  }
  fail(
      "model '{}' ({}) not found in {}; install fakecam's models there (see models/README.md), "
      "set FAKECAM_MODEL_DIR, or pass --model FILE.tflite",
      spec, file, fmt::join(tried, ", "));
}

fs::path resolve_model(const std::string& spec) { return resolve_model(spec, process_context()); }

std::string choose_model(const std::string& spec, int frame_width, int frame_height) {
  if (spec != kModelAuto) return spec;
  // The landscape model sees 256x144 (16:9); it fits frames at least 3:2 wide.
  return frame_width * 2 >= frame_height * 3 ? kModelLandscape : kModelGeneral;
}

}  // namespace fakecam::segment
