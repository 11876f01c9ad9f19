// SPDX-License-Identifier: GPL-3.0-or-later
// The preview's shared frame ring, its publisher in the camera (attach,
// signal, detach) and the descriptors passed over the control socket, and
// what the window's keys ask for. The window itself: preview_window_test.cpp.

#include <gtest/gtest.h>

#include <poll.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>

#include "app/control/control_server.hpp"
#include "app/control/control_socket.hpp"
#include "app/preview/frame_ring.hpp"
#include "app/preview/preview_keys.hpp"
#include "app/preview/preview_publisher.hpp"
#include "common/error.hpp"
#include "support/running_loop.hpp"
#include "support/test_paths.hpp"

namespace fakecam::app::preview {
namespace {

cv::Mat solid(cv::Size size, int value) { return cv::Mat(size, CV_8UC3, cv::Scalar::all(value)); }

// Whether every pixel of `image` is `value` (a torn frame mixes two).
bool all_equal(const cv::Mat& image, int value) {
  cv::Mat differs;
  cv::compare(image.reshape(1), value, differs, cv::CMP_NE);
  return cv::countNonZero(differs) == 0;
}

TEST(PreviewSize, AtMost640WideKeepingTheAspect) {
  EXPECT_EQ(preview_size({1280, 720}), cv::Size(640, 360));
  EXPECT_EQ(preview_size({1920, 1080}), cv::Size(640, 360));
  EXPECT_EQ(preview_size({640, 480}), cv::Size(640, 480));
  EXPECT_EQ(preview_size({321, 241}), cv::Size(320, 240));
}

TEST(FrameRing, TheReaderSeesTheNewestFrameScaled) {
  FrameRingWriter writer({64, 36});
  const FrameRingReader reader(writer.share(), "test ring");
  EXPECT_EQ(reader.size(), cv::Size(64, 36));
  cv::Mat out;
  EXPECT_EQ(reader.read_newest(out), 0u) << "nothing written yet";
  writer.write(solid({1280, 720}, 40));
  ASSERT_EQ(reader.read_newest(out), 1u);
  EXPECT_EQ(out.size(), cv::Size(64, 36));
  EXPECT_TRUE(all_equal(out, 40));
  EXPECT_EQ(reader.read_newest(out, 1), 0u) << "no frame newer than 1";
  for (int i = 2; i <= 7; ++i) writer.write(solid({64, 36}, 10 * i));  // round the ring twice
  ASSERT_EQ(reader.read_newest(out, 1), 7u);
  EXPECT_TRUE(all_equal(out, 70));
}

TEST(FrameRing, AReadOvertakenByTheWriterIsDropped) {
  FrameRingWriter writer({32, 18});
  FrameRingReader reader(writer.share(), "test ring");
  writer.write(solid({32, 18}, 1));
  // While the reader copies frame 1, the writer comes round the ring to its
  // slot again (frames 2, 3, 4: frame 4 lands where frame 1 was).
  reader.set_after_copy_for_test([&] {
    for (int v = 2; v <= kRingSlots + 1; ++v) writer.write(solid({32, 18}, v));
  });
  cv::Mat out;
  EXPECT_EQ(reader.read_newest(out), 0u) << "a torn copy must not be shown";
  reader.set_after_copy_for_test({});
  ASSERT_EQ(reader.read_newest(out), static_cast<std::uint64_t>(kRingSlots + 1));
  EXPECT_TRUE(all_equal(out, kRingSlots + 1));
}

TEST(FrameRing, ConcurrentReadsNeverShowATornFrame) {
  FrameRingWriter writer({160, 90});
  const FrameRingReader reader(writer.share(), "test ring");
  std::atomic<bool> done = false;
  std::atomic<int> frames = 0;
  // Writes until the reader has seen enough frames (the bound only guards
  // against a reader that never sees one).
  std::thread write_thread([&] {
    for (int i = 1; frames < 500 && i < 5'000'000; ++i) writer.write(solid({160, 90}, i % 256));
    done = true;
  });
  cv::Mat out;
  bool torn = false;
  while (!done) {
    if (const std::uint64_t n = reader.read_newest(out); n != 0) {
      ++frames;
      torn = torn || !all_equal(out, static_cast<int>(n % 256));
    }
  }
  write_thread.join();
  EXPECT_FALSE(torn) << "a frame mixed two writes, or its number did not match its pixels";
  EXPECT_GE(frames, 500);
}

TEST(FrameRing, AnythingElseIsRefusedWithItsName) {
  UniqueFd small(::memfd_create("not-a-ring", MFD_CLOEXEC));
  ASSERT_EQ(::ftruncate(small.get(), 16), 0);
  try {
    FrameRingReader reader(std::move(small), "/run/x.sock");
    ADD_FAILURE() << "accepted a 16-byte memfd";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("/run/x.sock: the preview memory is too small"), std::string::npos)
        << e.what();
  }
  UniqueFd zeros(::memfd_create("not-a-ring", MFD_CLOEXEC));
  ASSERT_EQ(::ftruncate(zeros.get(), 1 << 20), 0);
  try {
    FrameRingReader reader(std::move(zeros), "/run/x.sock");
    ADD_FAILURE() << "accepted a memfd of zeros";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("not a fakecam preview"), std::string::npos) << e.what();
  }
}

// Whether fakecam signalled a frame on `fd` (waits up to a minute: a hang
// guard, not a speed requirement).
bool signalled(int fd) {
  pollfd p{fd, POLLIN, 0};
  if (::poll(&p, 1, 60000) != 1) return false;
  char buf[16];
  return ::recv(fd, buf, sizeof buf, MSG_DONTWAIT) > 0;
}

TEST(PreviewPublisher, AttachSignalDetach) {
  PreviewPublisher publisher({1280, 720});
  publisher.write(solid({1280, 720}, 9));  // nobody attached: nothing happens
  EXPECT_EQ(publisher.attached(), 0);
  ControlReply reply = publisher.attach();
  ASSERT_TRUE(reply.ok) << reply.text;
  EXPECT_EQ(reply.text, "preview 640x360");
  ASSERT_EQ(reply.fds.size(), 2u);
  EXPECT_EQ(publisher.attached(), 1);
  const FrameRingReader reader(std::move(*reply.fds[0]), "test");
  publisher.write(solid({1280, 720}, 200));
  ASSERT_TRUE(signalled(reply.fds[1]->get()));
  cv::Mat out;
  ASSERT_EQ(reader.read_newest(out), 1u);
  EXPECT_TRUE(all_equal(out, 200));

  // A second window shares the ring; each is signalled.
  ControlReply second = publisher.attach();
  ASSERT_TRUE(second.ok);
  EXPECT_EQ(publisher.attached(), 2);
  publisher.write(solid({1280, 720}, 100));
  EXPECT_TRUE(signalled(reply.fds[1]->get()));
  EXPECT_TRUE(signalled(second.fds[1]->get()));

  // A window that goes away is detached at the next frame; the last one
  // leaving frees the ring, and what remains per frame is one atomic load.
  reply.fds[1]->reset();
  publisher.write(solid({1280, 720}, 50));
  EXPECT_EQ(publisher.attached(), 1);
  EXPECT_TRUE(signalled(second.fds[1]->get()));
  second.fds.clear();
  publisher.write(solid({1280, 720}, 50));
  EXPECT_EQ(publisher.attached(), 0);
  // Attaching again starts a fresh ring.
  ControlReply third = publisher.attach();
  ASSERT_TRUE(third.ok);
  const FrameRingReader again(std::move(*third.fds[0]), "test");
  publisher.write(solid({1280, 720}, 77));
  ASSERT_EQ(again.read_newest(out), 1u);
  EXPECT_TRUE(all_equal(out, 77));
}

TEST(PreviewPublisher, TheRingTravelsOverTheControlSocket) {
  const auto path = test::scratch_dir("preview-socket") / "cam.sock";
  PreviewPublisher publisher({320, 180});
  ControlServer server(test::running_loop(), path, [&](const std::string& request) {
    return request == "preview" ? publisher.attach() : ControlReply{true, "you said " + request};
  });
  ControlConnection connection(path);
  // Replies before and after the one with descriptors keep their order.
  EXPECT_EQ(connection.request("status").text, "you said status");
  ControlReply reply = connection.request("preview");
  ASSERT_TRUE(reply.ok) << reply.text;
  EXPECT_EQ(reply.text, "preview 320x180");
  ASSERT_EQ(reply.fds.size(), 2u);
  EXPECT_TRUE(connection.request("status").fds.empty());
  const FrameRingReader reader(std::move(*reply.fds[0]), "test");
  publisher.write(solid({320, 180}, 123));
  ASSERT_TRUE(signalled(reply.fds[1]->get()));
  cv::Mat out;
  ASSERT_EQ(reader.read_newest(out), 1u);
  EXPECT_TRUE(all_equal(out, 123));
}

TEST(PreviewKeys, BackgroundCycleAndStatus) {
  const CameraState blur =
      parse_status("state: processing\noutput fps: 29.9\nbackground: blur 50\nbackground image: /home/a/beach.jpg");
  EXPECT_EQ(blur.fps, "29.9");
  EXPECT_EQ(blur.background, "blur 50");
  EXPECT_EQ(blur.image, "/home/a/beach.jpg");
  EXPECT_EQ(next_background_request(blur), "background /home/a/beach.jpg");
  EXPECT_EQ(next_background_request({"30.0", "image", "/home/a/beach.jpg"}), "background none");
  EXPECT_EQ(next_background_request({"30.0", "none", ""}), "background blur");
  EXPECT_EQ(next_background_request({"30.0", "blur 20", ""}), "background none") << "no image: skipped";
  EXPECT_EQ(next_background_request({"30.0", "colour #00ff00", ""}), "background blur");
  EXPECT_EQ(corner_text(blur), "29.9 fps | blur 50 | keys: b f l q");
  EXPECT_EQ(toggle_request("framing", true), "framing on");
  EXPECT_EQ(describe_reply("framing on", false, "unknown request 'framing'; the requests are status, ..."),
            "this fakecam has no 'framing' request");
  EXPECT_EQ(describe_reply("background none", true, "done"), "background none");
}

}  // namespace
}  // namespace fakecam::app::preview
