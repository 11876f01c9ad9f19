// SPDX-License-Identifier: GPL-3.0-or-later
// The YUV4MPEG2 sink: header and frames (BGR and YuvImage) read back by a small parser here and
// by ffmpeg/ffprobe, a consumer closing the pipe, and unwritable paths.

#include <gtest/gtest.h>

#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <map>
#include <sstream>

#include <opencv2/core.hpp>

#include "common/error.hpp"
#include "output/bgr_converter.hpp"
#include "output/frame_sink.hpp"
#include "output/y4m_format.hpp"
#include "support/run_command.hpp"
#include "support/test_paths.hpp"
#include "yuv_reference.hpp"

namespace fakecam::output {
namespace {

std::string find_tool(const std::string& name) {
  std::stringstream path(std::getenv("PATH") != nullptr ? std::getenv("PATH") : "/usr/bin");
  for (std::string dir; std::getline(path, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / name;
    if (::access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  ADD_FAILURE() << name << " not found in PATH (Debian package ffmpeg, listed in .ci/apt-packages.txt)";
  return name;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Frame i: a gradient shifted by i, so frames differ and order shows.
cv::Mat test_frame(int w, int h, int i) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      img.at<cv::Vec3b>(y, x) =
          cv::Vec3b(static_cast<std::uint8_t>((x * 4 + i * 40) % 256), static_cast<std::uint8_t>(y * 255 / (h - 1)),
                    static_cast<std::uint8_t>(90 + i * 50));
    }
  }
  return img;
}

std::vector<std::uint8_t> i420_of(const cv::Mat& bgr) {
  const FrameLayout layout = frame_layout(PixelFormat::i420, bgr.cols, bgr.rows);
  std::vector<std::uint8_t> out(layout.size);
  BgrConverter(layout).convert(bgr, out.data());
  return out;
}

struct ParsedY4m {
  std::map<char, std::string> tags;     // first letter -> rest of the token
  std::vector<std::string> extensions;  // X... tokens
  std::vector<std::string> frames;      // payloads
};

// A strict reader for the subset we write: one header line, then
// "FRAME\n" + exactly W*H*3/2 bytes per frame, nothing left over.
ParsedY4m parse_y4m(const std::string& data) {
  ParsedY4m parsed;
  const auto eol = data.find('\n');
  EXPECT_NE(eol, std::string::npos);
  std::istringstream header(data.substr(0, eol));
  std::string token;
  header >> token;
  EXPECT_EQ(token, "YUV4MPEG2");
  while (header >> token) {
    if (token[0] == 'X')
      parsed.extensions.push_back(token);
    else
      parsed.tags[token[0]] = token.substr(1);
  }
  const std::size_t w = std::stoul(parsed.tags.at('W')), h = std::stoul(parsed.tags.at('H'));
  const std::size_t frame_bytes = w * h + 2 * (w / 2) * (h / 2);
  std::size_t pos = eol + 1;
  while (pos < data.size()) {
    EXPECT_EQ(data.compare(pos, 6, "FRAME\n"), 0) << "frame marker at byte " << pos;
    pos += 6;
    EXPECT_LE(pos + frame_bytes, data.size()) << "truncated frame";
    parsed.frames.push_back(data.substr(pos, frame_bytes));
    pos += frame_bytes;
  }
  return parsed;
}

class Y4m : public testing::Test {
 protected:
  void SetUp() override { ::signal(SIGPIPE, SIG_IGN); }  // as the app does
};

TEST_F(Y4m, HeaderNamesSizeRateSitingAndRange) {
  EXPECT_EQ(y4m_stream_header(1280, 720, 30), "YUV4MPEG2 W1280 H720 F30:1 Ip A1:1 C420jpeg XCOLORRANGE=LIMITED\n");
}

TEST_F(Y4m, FramesParseBackExactly) {
  const auto dir = test::scratch_dir("y4m-parse");
  const auto file = dir / "out.y4m";
  {
    auto sink = open_y4m(file.string(), 32, 24, 25);
    EXPECT_EQ(sink->description(), file.string() + " (YUV4MPEG2 I420 32x24 @25)");
    for (int i = 0; i < 3; ++i) sink->write(test_frame(32, 24, i));
  }
  const ParsedY4m parsed = parse_y4m(read_file(file));
  EXPECT_EQ(parsed.tags.at('W'), "32");
  EXPECT_EQ(parsed.tags.at('H'), "24");
  EXPECT_EQ(parsed.tags.at('F'), "25:1");
  EXPECT_EQ(parsed.tags.at('C'), "420jpeg");
  ASSERT_EQ(parsed.frames.size(), 3u);
  for (int i = 0; i < 3; ++i) {
    const auto want = i420_of(test_frame(32, 24, i));
    EXPECT_EQ(parsed.frames[i], std::string(want.begin(), want.end())) << "frame " << i;
  }
}

TEST_F(Y4m, YuvFramesAreTheHeaderAndTheirPlanesExactly) {
  const auto dir = test::scratch_dir("y4m-yuv");
  const auto file = dir / "out.y4m";
  const YuvImage frames[] = {test::random_yuv(32, 24, 1), test::random_yuv(32, 24, 2)};
  {
    auto sink = open_y4m(file.string(), 32, 24, 25);
    for (const YuvImage& frame : frames) sink->write_yuv(frame);
    try {
      sink->write_yuv(test::random_yuv(32, 16));
      ADD_FAILURE() << "a 32x16 frame accepted by a 32x24 stream";
    } catch (const Error& e) {
      EXPECT_EQ(std::string(e.what()), file.string() + ": got a 32x16 YUV frame, expected 32x24");
    }
  }
  std::string want = y4m_stream_header(32, 24, 25);
  for (const YuvImage& frame : frames) {
    want += kY4mFrameHeader;
    want.append(reinterpret_cast<const char*>(frame.data()), frame.byte_size());
  }
  EXPECT_EQ(read_file(file), want);
}

TEST_F(Y4m, FfmpegReadsSizeRateRangeAndPlanes) {
  const auto dir = test::scratch_dir("y4m-ffmpeg");
  const auto file = dir / "out.y4m";
  {
    auto sink = open_y4m(file.string(), 64, 48, 30);
    for (int i = 0; i < 3; ++i) sink->write(test_frame(64, 48, i));
  }
  const auto probe =
      test::run_command({find_tool("ffprobe"), "-v", "error", "-count_frames", "-select_streams", "v", "-show_entries",
                         "stream=width,height,pix_fmt,r_frame_rate,color_range,chroma_location,nb_read_frames", "-of",
                         "default=noprint_wrappers=1", file.string()});
  ASSERT_EQ(probe.exit_code, 0) << probe.err;
  for (const char* line : {"width=64\n", "height=48\n", "pix_fmt=yuv420p\n", "r_frame_rate=30/1\n", "color_range=tv\n",
                           "chroma_location=center\n", "nb_read_frames=3\n"}) {
    EXPECT_NE(probe.out.find(line), std::string::npos) << "ffprobe said:\n" << probe.out << "missing: " << line;
  }
  // Planes come out of ffmpeg byte for byte.
  const auto raw = dir / "planes.yuv";
  const auto copy = test::run_command({find_tool("ffmpeg"), "-v", "error", "-y", "-i", file.string(), "-f", "rawvideo",
                                       "-pix_fmt", "yuv420p", raw.string()});
  ASSERT_EQ(copy.exit_code, 0) << copy.err;
  std::string want;
  for (int i = 0; i < 3; ++i) {
    const auto planes = i420_of(test_frame(64, 48, i));
    want.append(planes.begin(), planes.end());
  }
  EXPECT_TRUE(read_file(raw) == want) << "ffmpeg's yuv420p differs from what was written";
  // And ffmpeg's own YUV->BGR (BT.601 when none is tagged, range from
  // XCOLORRANGE) gives back the colours.
  const auto bgr_file = dir / "frames.bgr";
  const auto to_bgr = test::run_command({find_tool("ffmpeg"), "-v", "error", "-y", "-i", file.string(), "-f",
                                         "rawvideo", "-pix_fmt", "bgr24", bgr_file.string()});
  ASSERT_EQ(to_bgr.exit_code, 0) << to_bgr.err;
  const std::string bgr = read_file(bgr_file);
  ASSERT_EQ(bgr.size(), 3u * 64 * 48 * 3);
  for (int i = 0; i < 3; ++i) {
    const cv::Mat back(48, 64, CV_8UC3, const_cast<char*>(bgr.data()) + i * 64 * 48 * 3);
    cv::Mat diff;
    cv::absdiff(back, test_frame(64, 48, i), diff);
    const double mean_diff = cv::mean(diff.reshape(1))[0];
    EXPECT_LE(mean_diff, 3.0) << "frame " << i << ": ffmpeg decodes our colours differently";
  }
}

TEST_F(Y4m, ClosedPipeIsConsumerClosed) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  const std::string path = "/dev/fd/" + std::to_string(fds[1]);  // as bash's >(...) gives
  auto sink = open_y4m(path, 16, 16, 30);
  ::close(fds[1]);
  char header[128];
  ASSERT_GT(::read(fds[0], header, sizeof header), 0);
  EXPECT_EQ(std::string(header, 10), "YUV4MPEG2 ");
  ::close(fds[0]);  // the consumer goes away
  try {
    sink->write(test_frame(16, 16, 0));
    FAIL() << "write into a closed pipe did not throw";
  } catch (const ConsumerClosed& e) {
    EXPECT_STREQ(e.what(), (path + ": the consumer closed the stream").c_str());
  }
}

// Runs `body` with stdout redirected to `fd`.
template <typename Body>
void with_stdout(int fd, Body body) {
  std::fflush(stdout);
  const int saved = ::dup(STDOUT_FILENO);
  ::dup2(fd, STDOUT_FILENO);
  try {
    body();
  } catch (...) {
    ::dup2(saved, STDOUT_FILENO);
    ::close(saved);
    throw;
  }
  ::dup2(saved, STDOUT_FILENO);
  ::close(saved);
}

TEST_F(Y4m, StdoutPipeClosedIsConsumerClosed) {
  int fds[2];
  ASSERT_EQ(::pipe(fds), 0);
  std::string description;
  bool closed = false;
  with_stdout(fds[1], [&] {
    auto sink = open_y4m("-", 16, 16, 30);
    description = sink->description();
    ::close(fds[0]);
    try {
      sink->write(test_frame(16, 16, 0));
    } catch (const ConsumerClosed&) {
      closed = true;
    }
  });
  ::close(fds[1]);
  EXPECT_EQ(description, "stdout (YUV4MPEG2 I420 16x16 @30)");
  EXPECT_TRUE(closed) << "writing to stdout after the reader left did not throw ConsumerClosed";
}

TEST_F(Y4m, RefusesATerminalOnStdout) {
  const int master = ::posix_openpt(O_RDWR | O_NOCTTY);
  ASSERT_GE(master, 0);
  ASSERT_EQ(::grantpt(master), 0);
  ASSERT_EQ(::unlockpt(master), 0);
  const int tty = ::open(::ptsname(master), O_RDWR | O_NOCTTY);
  ASSERT_GE(tty, 0);
  with_stdout(tty, [] {
    try {
      open_y4m("-", 16, 16, 30);
      ADD_FAILURE() << "wrote video to a terminal";
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("stdout is a terminal"), std::string::npos) << e.what();
    }
  });
  ::close(tty);
  ::close(master);
}

std::string open_error(const std::string& path, int w = 16, int h = 16) {
  try {
    open_y4m(path, w, h, 30);
  } catch (const ConsumerClosed& e) {
    return std::string("ConsumerClosed: ") + e.what();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST_F(Y4m, UnwritablePathsAreOneLineErrors) {
  const auto dir = test::scratch_dir("y4m-errors");
  EXPECT_EQ(open_error((dir / "missing" / "out.y4m").string()), (dir / "missing" / "out.y4m").string() +
                                                                    ": cannot write: directory " +
                                                                    (dir / "missing").string() + " does not exist");
  EXPECT_EQ(open_error(dir.string()), dir.string() + ": is a directory; give a file name such as out.y4m");
  EXPECT_EQ(open_error((dir / "odd.y4m").string(), 15, 16),
            (dir / "odd.y4m").string() +
                ": width 15 is odd; I420 pairs pixels for chroma, so the width must be even (e.g. 16)");
  EXPECT_FALSE(std::filesystem::exists(dir / "odd.y4m")) << "a rejected size must not create the file";
}

TEST_F(Y4m, FullDiskIsAnError) {
  // /dev/full opens fine and fails every write with ENOSPC.
  EXPECT_EQ(open_error("/dev/full"), "/dev/full: cannot write: no space left on the device");
}

}  // namespace
}  // namespace fakecam::output
