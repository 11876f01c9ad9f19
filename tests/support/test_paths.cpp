// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/test_paths.hpp"

#include <unistd.h>

#include <string>

namespace fakecam::test {

std::filesystem::path data_dir() { return FAKECAM_TEST_DATA_DIR; }
std::filesystem::path model_dir() { return FAKECAM_MODEL_DIR_FOR_TESTS; }
std::filesystem::path fakecam_binary() { return FAKECAM_BINARY; }

std::filesystem::path scratch_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("fakecam-test-" + std::to_string(::getuid()) + "-" + std::to_string(::getpid())) / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace fakecam::test
