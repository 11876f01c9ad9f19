// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <filesystem>

namespace fakecam::test {

// tests/data in the source tree.
std::filesystem::path data_dir();
// Where the build keeps the pinned models.
std::filesystem::path model_dir();
// The fakecam executable under test.
std::filesystem::path fakecam_binary();
// A fresh empty directory for one test, removed by the next run.
std::filesystem::path scratch_dir(const std::string& name);

}  // namespace fakecam::test
