// SPDX-License-Identifier: GPL-3.0-or-later
// The ordered model lookup, on a fake tree with a made-up environment: each
// place wins over the ones after it, XDG defaults and rules hold, and only a
// binary inside a build tree falls back to the source tree's models.
#include "segment/model_catalog.hpp"

#include <fstream>
#include <map>

#include <gtest/gtest.h>

#include "common/error.hpp"
#include "support/test_paths.hpp"

namespace fakecam::segment {
namespace {
namespace fs = std::filesystem;

constexpr const char* kGeneralFile = "selfie_segmentation.tflite";

class ModelCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override { root_ = test::scratch_dir("model_catalog"); }

  // A directory holding the general model, under the fake root.
  fs::path models_at(const std::string& relative) {
    const fs::path dir = root_ / relative;
    fs::create_directories(dir);
    std::ofstream(dir / kGeneralFile) << "model";
    return dir;
  }

  ModelSearchContext context() const {
    ModelSearchContext c;
    c.getenv = [this](const char* name) -> std::optional<std::string> {
      auto it = env_.find(name);
      if (it == env_.end()) return std::nullopt;
      return it->second;
    };
    c.executable = executable_;
    c.configured_dir = configured_;
    return c;
  }

  fs::path resolve() const { return resolve_model(kModelGeneral, context()); }

  fs::path root_;
  std::map<std::string, std::string> env_;
  fs::path executable_;
  fs::path configured_;
};

TEST_F(ModelCatalogTest, SearchOrderIsEnvThenXdgThenExecutableThenPrefix) {
  env_ = {{"FAKECAM_MODEL_DIR", (root_ / "env").string()},
          {"XDG_DATA_HOME", (root_ / "home-data").string()},
          {"XDG_DATA_DIRS", (root_ / "a").string() + ":" + (root_ / "b").string()}};
  executable_ = root_ / "opt/fakecam/bin/fakecam";
  configured_ = root_ / "usr/share/fakecam/models";
  const std::vector<fs::path> expected = {root_ / "env",
                                          root_ / "home-data/fakecam/models",
                                          root_ / "a/fakecam/models",
                                          root_ / "b/fakecam/models",
                                          root_ / "opt/fakecam/share/fakecam/models",
                                          root_ / "usr/share/fakecam/models"};
  EXPECT_EQ(model_search_path(context()), expected);
}

TEST_F(ModelCatalogTest, EachPlaceWinsOverTheOnesAfterIt) {
  env_ = {{"FAKECAM_MODEL_DIR", (root_ / "env").string()},
          {"XDG_DATA_HOME", (root_ / "home-data").string()},
          {"XDG_DATA_DIRS", (root_ / "a").string() + ":" + (root_ / "b").string()}};
  executable_ = root_ / "opt/fakecam/bin/fakecam";
  configured_ = models_at("usr/share/fakecam/models");
  EXPECT_EQ(resolve(), configured_ / kGeneralFile);
  const fs::path relocated = models_at("opt/fakecam/share/fakecam/models");
  EXPECT_EQ(resolve(), relocated / kGeneralFile);
  const fs::path second_data_dir = models_at("b/fakecam/models");
  EXPECT_EQ(resolve(), second_data_dir / kGeneralFile);
  const fs::path first_data_dir = models_at("a/fakecam/models");
  EXPECT_EQ(resolve(), first_data_dir / kGeneralFile);
  const fs::path data_home = models_at("home-data/fakecam/models");
  EXPECT_EQ(resolve(), data_home / kGeneralFile);
  const fs::path env_dir = models_at("env");
  EXPECT_EQ(resolve(), env_dir / kGeneralFile);
}

TEST_F(ModelCatalogTest, XdgDefaultsAndRelativeEntriesIgnored) {
  env_ = {{"HOME", (root_ / "home").string()}, {"FAKECAM_MODEL_DIR", ""}};
  auto dirs = model_search_path(context());
  const std::vector<fs::path> defaults = {root_ / "home/.local/share/fakecam/models", "/usr/local/share/fakecam/models",
                                          "/usr/share/fakecam/models"};
  EXPECT_EQ(dirs, defaults);

  env_ = {{"XDG_DATA_HOME", "relative/data"}, {"XDG_DATA_DIRS", "rel:" + (root_ / "abs").string() + "::"}};
  const std::vector<fs::path> only_absolute = {root_ / "abs/fakecam/models"};
  EXPECT_EQ(model_search_path(context()), only_absolute);
}

TEST_F(ModelCatalogTest, SourceTreeOnlyForABinaryInsideABuildTree) {
  const fs::path source_models = models_at("src/models");
  fs::create_directories(root_ / "build/src/app");
  executable_ = root_ / "build/src/app/fakecam";
  env_ = {{"XDG_DATA_DIRS", (root_ / "none").string()}};

  // Not a build tree yet: nothing found, and the error names the places tried.
  try {
    resolve();
    FAIL() << "expected the lookup to fail";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find((root_ / "build/src/share/fakecam/models").string()), std::string::npos)
        << e.what();
  }

  std::ofstream(root_ / "build/CMakeCache.txt") << "";
  EXPECT_THROW(resolve(), Error) << "a build tree that is not fakecam's names no models";
  std::ofstream(root_ / "build" / kBuildTreeModelFile) << source_models.string() << "\n";
  EXPECT_EQ(resolve(), source_models / kGeneralFile);
  EXPECT_EQ(model_search_path(context()).back(), source_models);

  // An installed copy of the same binary does not look at any build tree.
  executable_ = root_ / "prefix/bin/fakecam";
  EXPECT_THROW(resolve(), Error);
}

TEST_F(ModelCatalogTest, PathsPassThroughAndAutoIsRefused) {
  EXPECT_EQ(resolve_model("/some/where/model.tflite", context()), "/some/where/model.tflite");
  EXPECT_THROW(resolve_model(kModelAuto, context()), Error);
}

TEST_F(ModelCatalogTest, ThisTestBinaryFindsTheBuildTreeModels) {
  // The test binary lives in the build tree, so the file the build wrote
  // leads to the pinned models (no other place may answer first here).
  executable_ = fs::read_symlink("/proc/self/exe");
  env_ = {{"XDG_DATA_DIRS", (root_ / "none").string()}};
  const auto found = resolve();
  EXPECT_TRUE(fs::equivalent(found, test::model_dir() / kGeneralFile)) << found;
}

}  // namespace
}  // namespace fakecam::segment
