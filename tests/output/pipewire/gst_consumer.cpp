// SPDX-License-Identifier: GPL-3.0-or-later
#include "output/pipewire/gst_consumer.hpp"

#include <fstream>
#include <iterator>

namespace fakecam::test {

GstCapture capture_with_gst(const std::string& target, const std::string& format, int frames, cv::Size size,
                            const std::filesystem::path& out, int timeout_s) {
  std::vector<std::string> argv = {"/usr/bin/gst-launch-1.0",
                                   "-q",
                                   "pipewiresrc",
                                   "target-object=" + target,
                                   "num-buffers=" + std::to_string(frames),
                                   "!"};
  if (!format.empty()) {
    argv.push_back("video/x-raw,format=" + format);
    argv.push_back("!");
  }
  for (const char* a : {"videoconvert", "!", "video/x-raw,format=BGR", "!", "filesink"}) argv.emplace_back(a);
  argv.push_back("location=" + out.string());

  GstCapture capture;
  std::filesystem::remove(out);
  capture.run = run_command(argv, timeout_s);
  std::ifstream in(out, std::ios::binary);
  const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  capture.file_bytes = bytes.size();
  const std::size_t frame_bytes = static_cast<std::size_t>(size.area()) * 3;
  for (std::size_t off = 0; frame_bytes > 0 && off + frame_bytes <= bytes.size(); off += frame_bytes) {
    cv::Mat frame(size, CV_8UC3);
    std::copy_n(bytes.data() + off, frame_bytes, frame.data);
    capture.frames.push_back(frame);
  }
  in.close();
  std::filesystem::remove(out);  // raw video is large; the frames are kept in memory
  return capture;
}

}  // namespace fakecam::test
