// SPDX-License-Identifier: GPL-3.0-or-later
// fakecam loads FFmpeg (files) and SDL (the preview window) only when it
// needs them (src/media/ffmpeg_api.hpp says why). The dynamic loader's own
// trace (LD_DEBUG=files) shows what a real process loaded.

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "support/run_command.hpp"
#include "support/test_paths.hpp"

namespace fakecam::test {
namespace {

// The loader's trace of `fakecam args...`, and its exit code.
CommandResult run_traced(const std::vector<std::string>& args) {
  std::vector<std::string> argv{fakecam_binary().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, 120, {"LD_DEBUG=files"});
}

bool loaded(const CommandResult& result, const std::string& soname_prefix) {
  return result.err.find("file=" + soname_prefix) != std::string::npos;
}

TEST(StartupLibraries, AStartWithoutFilesLoadsNeitherFfmpegNorSdl) {
  const CommandResult result = run_traced({"--version"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  ASSERT_TRUE(loaded(result, "libopencv_core")) << "no loader trace in:\n" << result.err;
  EXPECT_FALSE(loaded(result, "libavformat"));
  EXPECT_FALSE(loaded(result, "libavcodec"));
  EXPECT_FALSE(loaded(result, "libSDL2"));
}

TEST(StartupLibraries, AnImageLoadsFfmpegWhenItIsRead) {
  const auto out = scratch_dir("startup-libraries") / "mask.png";
  const CommandResult result = run_traced(
      {"segment", (data_dir() / "selfie-ref/landscape/grace_hopper.png").string(), "--output", out.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_TRUE(loaded(result, "libavformat"));
  EXPECT_TRUE(loaded(result, "libavcodec"));
  EXPECT_FALSE(loaded(result, "libSDL2"));
}

}  // namespace
}  // namespace fakecam::test
