// SPDX-License-Identifier: GPL-3.0-or-later
// capture_probe: drives the capture layer against real V4L2 drivers (vivid,
// v4l2loopback) for the scripts in vm/, which run it inside the QEMU guest.
// Each subcommand checks one behaviour and exits 0 when it holds, printing
// one line per observation.

#include <fcntl.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <thread>

#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "capture/frame_source.hpp"
#include "capture/supervised_source.hpp"
#include "common/log.hpp"

namespace {

using namespace fakecam;
using namespace std::chrono_literals;
using capture::SupervisedSource;

struct Args {
  std::string device;
  std::string size = "640x480";
  double fps = 30;
  std::string format = "auto";
  std::string decode_at_least;
  int frames = 10;
  std::string expect_size;
  std::string expect;
  std::string ready_file;
  double max_wait_s = 60;
  double hold_s = 10;
  bool identical = false;
  std::string jpeg;
  int corrupt_every = 0;
  bool yuv = false;
};

cv::Size parse_size(const std::string& text) {
  int w = 0, h = 0;
  if (text.empty()) return {};
  if (std::sscanf(text.c_str(), "%dx%d", &w, &h) != 2) fail("bad size '{}' (want WxH)", text);
  return {w, h};
}

capture::WebcamOptions options_of(const Args& a) {
  capture::WebcamOptions o;
  o.path = a.device;
  o.size = parse_size(a.size);
  o.fps = a.fps;
  o.format = capture::parse_capture_format(a.format);
  o.decode_at_least = parse_size(a.decode_at_least);
  o.yuv = a.yuv;
  return o;
}

void say(const std::string& line) {
  fmt::print("capture_probe: {}\n", line);
  std::fflush(stdout);
}

void mark_ready(const Args& a) {
  if (!a.ready_file.empty()) std::ofstream(a.ready_file) << "ready\n";
}

// A picture, not a blank buffer: some spread in its pixel values.
bool has_content(const cv::Mat& image) {
  cv::Scalar mean, stddev;
  cv::meanStdDev(image, mean, stddev);
  return stddev[0] + stddev[1] + stddev[2] > 3;
}

std::chrono::milliseconds seconds(double s) { return std::chrono::milliseconds(static_cast<long>(s * 1000)); }

// The frame's picture as BGR (converted when it came as YUV), or an empty
// Mat with a FAIL line when it is not the kind asked for.
cv::Mat picture_of(const Frame& frame, bool yuv, int index) {
  if (yuv != !frame.yuv.empty() || yuv == !frame.image.empty()) {
    say(fmt::format("FAIL frame {} is not {} only", index, yuv ? "YUV (Frame::yuv)" : "BGR (Frame::image)"));
    return {};
  }
  if (!yuv) return frame.image;
  cv::Mat bgr;
  yuv_to_bgr(frame.yuv, bgr);
  return bgr;
}

int check_frame(const Frame& frame, cv::Size want, int index, bool yuv = false) {
  const cv::Mat image = picture_of(frame, yuv, index);
  if (image.empty()) return 1;
  if (image.type() != CV_8UC3 || image.size() != want) {
    say(fmt::format("FAIL frame {} is {}x{} type {}, expected {}x{} CV_8UC3", index, image.cols, image.rows,
                    image.type(), want.width, want.height));
    return 1;
  }
  if (!has_content(image)) {
    say(fmt::format("FAIL frame {} is a constant colour", index));
    return 1;
  }
  return 0;
}

// All the frame's bytes, for comparing frames (I420 planes or BGR pixels).
cv::Mat bytes_of(const Frame& frame) {
  if (frame.yuv.empty()) return frame.image;
  return {1, static_cast<int>(frame.yuv.byte_size()), CV_8UC1, const_cast<std::uint8_t*>(frame.yuv.data())};
}

// Opens, reads --frames frames, checks their size and content.
int cmd_read(const Args& a) {
  const auto source = capture::open_webcam(options_of(a));
  say("opened " + source->description());
  const cv::Size want = a.expect_size.empty() ? source->size() : parse_size(a.expect_size);
  if (source->size() != want) {
    say(fmt::format("FAIL size() is {}x{}, expected {}x{}", source->size().width, source->size().height, want.width,
                    want.height));
    return 1;
  }
  if (!a.expect.empty() && source->description().find(a.expect) == std::string::npos) {
    say(fmt::format("FAIL description lacks '{}'", a.expect));
    return 1;
  }
  Frame frame;
  std::uint64_t distinct = 0;
  cv::Mat previous;
  const auto start = Clock::now();
  for (int i = 0; i < a.frames; ++i) {
    if (!source->read(frame, seconds(a.max_wait_s))) {
      say(fmt::format("FAIL no frame {} within {} s", i, a.max_wait_s));
      return 1;
    }
    if (check_frame(frame, want, i, a.yuv) != 0) return 1;
    if (i == 0) mark_ready(a);
    const bool differs = !previous.empty() && cv::norm(bytes_of(frame), previous, cv::NORM_INF) > 0;
    if (differs && a.identical) {
      say(fmt::format("FAIL frame {} differs from the one before (the source sends one picture)", i));
      return 1;
    }
    if (previous.empty() || differs) ++distinct;
    bytes_of(frame).copyTo(previous);
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  say(fmt::format("OK {} frames {}x{} ({} distinct) in {:.1f} s", a.frames, want.width, want.height, distinct,
                  elapsed));
  return 0;
}

// Opening must fail with an Error whose message contains --expect.
int cmd_expect_error(const Args& a) {
  try {
    const auto source = capture::open_webcam(options_of(a));
    say("FAIL opened " + source->description() + " but expected an error");
    return 1;
  } catch (const Error& e) {
    say(fmt::format("error: {}", e.what()));
    if (std::string(e.what()).find(a.expect) == std::string::npos) {
      say(fmt::format("FAIL the error lacks '{}'", a.expect));
      return 1;
    }
    if (std::string(e.what()).find(a.device) != 0) {
      say("FAIL the error does not start with the device");
      return 1;
    }
    say("OK");
    return 0;
  }
}

// Streams for --hold seconds (to make the device busy for another process).
int cmd_hold(const Args& a) {
  const auto source = capture::open_webcam(options_of(a));
  say("holding " + source->description());
  Frame frame;
  if (!source->read(frame, seconds(a.max_wait_s))) {
    say("FAIL no first frame");
    return 1;
  }
  mark_ready(a);
  const auto end = Clock::now() + seconds(a.hold_s);
  while (Clock::now() < end) source->read(frame, 200ms);
  say("OK released");
  return 0;
}

// Reads --frames frames, writes --ready-file, then reads on until the device
// is lost: exit 0 on DeviceLost, 3 when frames just stop for --max-wait
// seconds, 4 when they never stop (3 x --max-wait).
int cmd_until_lost(const Args& a) {
  const auto source = capture::open_webcam(options_of(a));
  say("opened " + source->description());
  Frame frame;
  for (int i = 0; i < a.frames; ++i) {
    if (!source->read(frame, seconds(a.max_wait_s))) {
      say("FAIL no frames before the disconnect");
      return 1;
    }
  }
  say(fmt::format("read {} frames; ready", a.frames));
  mark_ready(a);
  int after = 0;
  auto last = Clock::now();
  const auto give_up = last + 3 * seconds(a.max_wait_s);
  try {
    for (;;) {
      if (source->read(frame, 200ms)) {
        ++after;
        last = Clock::now();
      } else if (Clock::now() - last > seconds(a.max_wait_s)) {
        say(fmt::format("TIMEOUT no frame for {} s and no error ({} frames after ready)", a.max_wait_s, after));
        return 3;
      }
      if (Clock::now() > give_up) {
        say(fmt::format("STILL STREAMING {} frames after ready, no loss", after));
        return 4;
      }
    }
  } catch (const capture::DeviceLost& e) {
    say(fmt::format("LOST after {} more frames: {}", after, e.what()));
    return 0;
  }
}

// SupervisedSource across a disconnect: frames, then reconnecting, then
// --frames frames again.
int cmd_reconnect(const Args& a) {
  const capture::WebcamOptions options = options_of(a);
  SupervisedSource webcam([options] { return capture::open_webcam(options); }, capture::open_webcam(options),
                          {1000ms, seconds(5)});
  say("opened " + webcam.description());
  Frame frame;
  int got = 0;
  const auto deadline = Clock::now() + seconds(a.max_wait_s);
  while (got < a.frames) {
    if (Clock::now() > deadline) {
      say("FAIL no frames before the disconnect");
      return 1;
    }
    if (webcam.next(frame, true, 200ms) == SupervisedSource::Read::frame) ++got;
  }
  say(fmt::format("read {} frames; ready", got));
  mark_ready(a);
  bool was_away = false;
  int after = 0;
  while (after < a.frames) {
    if (Clock::now() > deadline) {
      say(fmt::format("FAIL timed out (away: {}, frames after return: {}, state: {})", was_away, after,
                      webcam.problem()));
      return 1;
    }
    const bool ok = webcam.next(frame, true, 200ms) == SupervisedSource::Read::frame;
    if (webcam.lost() && !was_away) {
      was_away = true;
      say("away: " + webcam.problem());
    }
    if (ok && was_away) {
      if (after == 0) say(fmt::format("back after {} reconnect(s): {}", webcam.reconnects(), webcam.description()));
      if (check_frame(frame, webcam.size(), after, a.yuv) != 0) return 1;
      ++after;
    }
  }
  say(fmt::format("OK {} frames after {} reconnect(s)", after, webcam.reconnects()));
  return 0;
}

// A v4l2loopback producer writing MJPEG frames of --jpeg (re-encoded at
// --size) with write(2) at --fps for --hold seconds. With --corrupt-every K,
// frames K, 2K, ... are damaged the ways flaky USB links damage them: cut
// short, or cut inside the entropy data with an end marker appended.
int cmd_feed(const Args& a) {
  const cv::Size size = parse_size(a.size);
  cv::Mat picture = cv::imread(a.jpeg, cv::IMREAD_COLOR);
  if (picture.empty()) fail("{}: cannot read the picture", a.jpeg);
  cv::resize(picture, picture, size, 0, 0, cv::INTER_AREA);
  std::vector<std::uint8_t> good;
  cv::imencode(".jpg", picture, good, {cv::IMWRITE_JPEG_QUALITY, 85});

  const int fd = ::open(a.device.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) fail("{}: cannot open: {}", a.device, errno_text(errno));
  v4l2_format f{};
  f.type = V4L2_BUF_TYPE_VIDEO_OUTPUT;
  f.fmt.pix.width = static_cast<std::uint32_t>(size.width);
  f.fmt.pix.height = static_cast<std::uint32_t>(size.height);
  f.fmt.pix.pixelformat = V4L2_PIX_FMT_MJPEG;
  f.fmt.pix.field = V4L2_FIELD_NONE;
  f.fmt.pix.sizeimage = static_cast<std::uint32_t>(size.area() * 2);
  f.fmt.pix.colorspace = V4L2_COLORSPACE_JPEG;
  if (::ioctl(fd, VIDIOC_S_FMT, &f) != 0) fail("{}: VIDIOC_S_FMT (output) failed: {}", a.device, errno_text(errno));
  say(fmt::format("feeding {} {}x{} MJPEG ({} bytes a frame), corrupting every {}", a.device, size.width, size.height,
                  good.size(), a.corrupt_every));

  const auto period = std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(1.0 / a.fps));
  const auto end = Clock::now() + seconds(a.hold_s);
  auto due = Clock::now();
  int written = 0, corrupted = 0;
  while (Clock::now() < end) {
    std::vector<std::uint8_t> frame = good;
    if (a.corrupt_every > 0 && (written + 1) % a.corrupt_every == 0) {
      frame.resize(good.size() * 3 / 5);
      if (corrupted % 2 == 1) {  // cut inside the scan, but "properly" ended
        if (frame.back() == 0xFF) frame.pop_back();
        frame.push_back(0xFF);
        frame.push_back(0xD9);
      }
      ++corrupted;
    }
    if (::write(fd, frame.data(), frame.size()) < 0) fail("{}: write failed: {}", a.device, errno_text(errno));
    if (++written == 1) mark_ready(a);
    due += period;
    std::this_thread::sleep_until(due);
  }
  ::close(fd);
  say(fmt::format("OK wrote {} frames, {} corrupt", written, corrupted));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"capture_probe: checks fakecam's capture layer against a real V4L2 device"};
  Args a;
  int verbosity = 1;
  app.add_option("-v,--verbosity", verbosity, "0 warnings, 1 info, 2 debug");
  const auto common = [&a](CLI::App* sub) {
    sub->add_option("device", a.device, "/dev/videoN")->required();
    sub->add_option("--size", a.size, "requested WxH");
    sub->add_option("--fps", a.fps, "requested rate");
    sub->add_option("--format", a.format, "auto, MJPG, YUYV, NV12, ...");
    sub->add_option("--decode-at-least", a.decode_at_least, "MJPEG DCT scaling target WxH");
    sub->add_option("--frames", a.frames, "frames to read");
    sub->add_option("--expect-size", a.expect_size, "frame size the source must deliver");
    sub->add_option("--expect", a.expect, "text the description (read) or error (expect-error) must contain");
    sub->add_option("--ready-file", a.ready_file, "written once the first frames arrived");
    sub->add_option("--max-wait", a.max_wait_s, "seconds to wait for frames");
    sub->add_option("--hold", a.hold_s, "seconds to hold (hold) or feed (feed) the device");
    sub->add_flag("--identical", a.identical, "read: every frame must equal the first (a still source)");
    sub->add_option("--jpeg", a.jpeg, "feed: the picture to send");
    sub->add_option("--corrupt-every", a.corrupt_every, "feed: damage every Kth frame");
    sub->add_flag("--yuv", a.yuv, "ask for I420 frames (WebcamOptions::yuv) and check those");
  };
  auto* read = app.add_subcommand("read", "read frames and check them");
  auto* expect_error = app.add_subcommand("expect-error", "opening must fail with --expect in the message");
  auto* hold = app.add_subcommand("hold", "stream for --hold seconds");
  auto* until_lost = app.add_subcommand("until-lost", "read until the device disappears");
  auto* reconnect = app.add_subcommand("reconnect", "SupervisedSource across a disconnect");
  auto* feed = app.add_subcommand("feed", "write MJPEG frames into a v4l2loopback device");
  for (auto* sub : {read, expect_error, hold, until_lost, reconnect, feed}) common(sub);
  app.require_subcommand(1, 1);
  CLI11_PARSE(app, argc, argv);
  setup_logging(verbosity);
  try {
    if (read->parsed()) return cmd_read(a);
    if (expect_error->parsed()) return cmd_expect_error(a);
    if (hold->parsed()) return cmd_hold(a);
    if (until_lost->parsed()) return cmd_until_lost(a);
    if (reconnect->parsed()) return cmd_reconnect(a);
    if (feed->parsed()) return cmd_feed(a);
  } catch (const Error& e) {
    say(fmt::format("FAIL error: {}", e.what()));
    return 1;
  }
  return 2;
}
