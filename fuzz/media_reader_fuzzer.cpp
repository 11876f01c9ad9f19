// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the media layer: any bytes as an image or video file
// (--input, -b, -f, fakecam segment take files from anywhere) must open and
// decode, or be refused with an Error - never crash, hang or leak.
//
// FFmpeg itself is the system's uninstrumented build, so coverage guidance
// sees only fakecam's side (open, decode loop, conversion, rewind); the
// mutations still reach FFmpeg's parsers through the seeds.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include <opencv2/core.hpp>

#include "common/error.hpp"
#include "media/media_reader.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  // The reader takes a path: one scratch file per fuzzing process. No
  // extension, so FFmpeg has to tell the format by the bytes alone.
  struct ScratchFile {
    std::filesystem::path path =
        std::filesystem::temp_directory_path() / ("fakecam-media-fuzz-" + std::to_string(::getpid()));
    ~ScratchFile() {
      std::error_code ec;
      std::filesystem::remove(path, ec);
    }
  };
  static const ScratchFile scratch;
  const std::filesystem::path& path = scratch.path;
  {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  }
  try {
    fakecam::media::MediaReader reader(path, {.layout = fakecam::PixelFormat::bgra});
    cv::Mat frame;
    fakecam::YuvImage yuv;
    for (int i = 0; i < 8 && reader.grab(); ++i) {
      reader.retrieve(frame);
      try {
        reader.retrieve(yuv);
      } catch (const fakecam::Error&) {
        // An odd-sized picture has no I420 form: refused, fine.
      }
    }
    if (reader.rewind()) reader.read(frame);
  } catch (const fakecam::Error&) {
    // Refused with a message: fine.
  }
  return 0;
}
