// SPDX-License-Identifier: GPL-3.0-or-later
// Opening and listing V4L2 nodes, checked on the host: /dev/null, regular
// files, directories and a fake sysfs tree stand in for devices. The real
// drivers' cases run in the guest (tests/output/vm, tests/capture/vm).

#include "v4l2/node.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "common/error.hpp"
#include "support/test_paths.hpp"
#include "v4l2/caps.hpp"

namespace fakecam::v4l2 {
namespace {

std::string open_error(const std::string& path) {
  try {
    open_video_node(path, "HINT");
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(OpenVideoNode, SaysWhatIsWrongWithThePath) {
  EXPECT_EQ(open_error("/dev/video-none-97"), "/dev/video-none-97: no such device; HINT");
  const auto dir = test::scratch_dir("open-video-node");
  std::ofstream(dir / "file") << "x";
  EXPECT_EQ(open_error((dir / "file").string()),
            (dir / "file").string() + ": not a video device (not a character device node)");
  EXPECT_EQ(open_error(dir.string()), dir.string() + ": is a directory, not a video device");
}

TEST(OpenVideoNode, OpensACharacterDeviceThatQueryCapsRejects) {
  const UniqueFd fd = open_video_node("/dev/null", "HINT");
  ASSERT_TRUE(fd);
  EXPECT_FALSE(query_caps(fd.get()).has_value()) << "/dev/null is no V4L2 device";
  EXPECT_EQ(query_bus_info(fd.get()), "");
}

TEST(VideoNodes, ListedInNumberOrderWithTheirNames) {
  const auto root = test::scratch_dir("fake-sysfs");
  for (const auto& [node, name] :
       {std::pair{"video10", "fakecam"}, {"video2", "webcam"}, {"video0", "vivid-000-vid-cap"}}) {
    std::filesystem::create_directories(root / "sys" / node);
    std::ofstream(root / "sys" / node / "name") << name << "\n";
  }
  std::filesystem::create_directories(root / "sys" / "vbi0");  // not a video node
  const auto nodes = list_video_nodes(root / "sys", root / "dev");
  ASSERT_EQ(nodes.size(), 3u);
  EXPECT_EQ(nodes[0].path, (root / "dev" / "video0").string());
  EXPECT_EQ(nodes[1].path, (root / "dev" / "video2").string());
  EXPECT_EQ(nodes[2].path, (root / "dev" / "video10").string());
  EXPECT_EQ(nodes[2].name, "fakecam");
  EXPECT_FALSE(nodes[2].caps.has_value()) << "no device node behind the fake sysfs entry";
}

TEST(VideoNodes, DescribedByDriverAndState) {
  const std::uint32_t out = 0x00000002 /* V4L2_CAP_VIDEO_OUTPUT */, cap = 0x00000001 /* V4L2_CAP_VIDEO_CAPTURE */;
  const std::vector<VideoNode> nodes = {
      {"/dev/video0", "vivid-000-vid-cap", DeviceCaps{"vivid", "vivid", cap}},
      {"/dev/video10", "fakecam", DeviceCaps{"v4l2 loopback", "fakecam", out}},
      {"/dev/video11", "webcam", DeviceCaps{"v4l2 loopback", "webcam", cap}},
      // akvcam's sysfs name is the same for every node; the card tells them apart
      {"/dev/video3", "akvcam-device", DeviceCaps{"akvcam", "Virtual Camera (output device)", out}},
      {"/dev/video4", "akvcam-device", DeviceCaps{"akvcam", "Virtual Camera", cap}},
      {"/dev/video5", "unreadable", std::nullopt},
  };
  EXPECT_EQ(describe_nodes(nodes, kLoopbackDriver),
            "/dev/video10 ('fakecam', free for a producer), /dev/video11 ('webcam', not accepting a producer)");
  EXPECT_EQ(describe_nodes(nodes, kAkvcamDriver), "/dev/video3 ('Virtual Camera (output device)')");
  EXPECT_EQ(describe_nodes({}, kLoopbackDriver), "none");
}

}  // namespace
}  // namespace fakecam::v4l2
