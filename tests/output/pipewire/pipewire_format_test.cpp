// SPDX-License-Identifier: GPL-3.0-or-later
// The PipeWire camera's pieces that need no daemon: where it looks for the
// daemon and what it says when it is not there, the pixel layouts it writes,
// and the format parameters it announces.

#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <map>
#include <vector>

#include <spa/buffer/buffer.h>
#include <spa/param/buffers.h>
#include <spa/param/video/format-utils.h>
#include <spa/pod/parser.h>
#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "common/yuv_image.hpp"
#include "output/frame_layout.hpp"
#include "output/pipewire/remote_address.hpp"
#include "output/pipewire/shared_memory.hpp"
#include "output/pipewire/stream_params.hpp"
#include "output/pipewire/video_formats.hpp"
#include "output/yuv_reference.hpp"
#include "support/test_paths.hpp"

namespace fakecam::output::pipewire {
namespace {

EnvLookup fake_env(std::map<std::string, std::string> vars) {
  return [vars = std::move(vars)](const char* name) -> const char* {
    auto it = vars.find(name);
    return it == vars.end() ? nullptr : it->second.c_str();
  };
}

TEST(PipeWireRemote, DefaultSocketIsInXdgRuntimeDir) {
  const auto a = resolve_remote("", fake_env({{"XDG_RUNTIME_DIR", "/run/user/1000"}}));
  ASSERT_TRUE(a.socket_path);
  EXPECT_EQ(*a.socket_path, "/run/user/1000/pipewire-0");
  EXPECT_EQ(a.chosen_by, "XDG_RUNTIME_DIR");
}

TEST(PipeWireRemote, PipeWireRuntimeDirWinsOverXdg) {
  const auto a = resolve_remote("", fake_env({{"XDG_RUNTIME_DIR", "/run/user/1000"}, {"PIPEWIRE_RUNTIME_DIR", "/pw"}}));
  EXPECT_EQ(a.socket_path.value_or(""), "/pw/pipewire-0");
  EXPECT_EQ(a.chosen_by, "PIPEWIRE_RUNTIME_DIR");
}

TEST(PipeWireRemote, PipeWireRemoteNameAndPath) {
  const auto named = resolve_remote("", fake_env({{"XDG_RUNTIME_DIR", "/run/u"}, {"PIPEWIRE_REMOTE", "pipewire-1"}}));
  EXPECT_EQ(named.socket_path.value_or(""), "/run/u/pipewire-1");
  EXPECT_EQ(named.chosen_by, "PIPEWIRE_REMOTE in XDG_RUNTIME_DIR");
  const auto absolute = resolve_remote("", fake_env({{"PIPEWIRE_REMOTE", "/tmp/sock"}}));
  EXPECT_EQ(absolute.socket_path.value_or(""), "/tmp/sock");
  EXPECT_EQ(absolute.chosen_by, "PIPEWIRE_REMOTE");
}

TEST(PipeWireRemote, ExplicitRemoteWinsOverEnvironment) {
  const auto a = resolve_remote("/x/y", fake_env({{"PIPEWIRE_REMOTE", "/tmp/sock"}}));
  EXPECT_EQ(a.socket_path.value_or(""), "/x/y");
}

TEST(PipeWireRemote, NoRuntimeDirIsReportedAsSuch) {
  const auto a = resolve_remote("", fake_env({}));
  EXPECT_FALSE(a.socket_path);
  const std::string message = connect_error_message(a, EHOSTDOWN);
  EXPECT_NE(message.find("XDG_RUNTIME_DIR is not set"), std::string::npos) << message;
  EXPECT_NE(message.find("PIPEWIRE_REMOTE"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

TEST(PipeWireRemote, MissingSocketMessageNamesPathVariableAndFix) {
  const auto dir = test::scratch_dir("pw-remote-missing");
  const auto a = resolve_remote("", fake_env({{"XDG_RUNTIME_DIR", dir.string()}}));
  const std::string message = connect_error_message(a, EHOSTDOWN);
  EXPECT_NE(message.find((dir / "pipewire-0").string()), std::string::npos) << message;
  EXPECT_NE(message.find("no such socket"), std::string::npos) << message;
  EXPECT_NE(message.find("XDG_RUNTIME_DIR"), std::string::npos) << message;
  EXPECT_NE(message.find("PIPEWIRE_REMOTE"), std::string::npos) << message;
  EXPECT_NE(message.find("systemctl --user start pipewire"), std::string::npos) << message;
  EXPECT_EQ(message.find('\n'), std::string::npos);
}

cv::Mat quadrants(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  img(cv::Rect(0, 0, w / 2, h / 2)).setTo(cv::Scalar(0, 0, 255));          // red
  img(cv::Rect(w / 2, 0, w - w / 2, h / 2)).setTo(cv::Scalar(0, 255, 0));  // green
  img(cv::Rect(0, h / 2, w / 2, h - h / 2)).setTo(cv::Scalar(255, 0, 0));  // blue
  img(cv::Rect(w / 2, h / 2, w - w / 2, h - h / 2)).setTo(cv::Scalar(40, 160, 220));
  return img;
}

TEST(PipeWireVideoFormats, EveryOfferedFormatRoundTripsThroughSpa) {
  ASSERT_EQ(all_video_formats().size(), 6u);
  for (const PixelFormat f : all_video_formats()) {
    const std::uint32_t spa = to_spa_video_format(f);
    EXPECT_NE(spa, SPA_VIDEO_FORMAT_UNKNOWN) << pixel_format_name(f);
    EXPECT_EQ(from_spa_video_format(spa), f) << pixel_format_name(f);
  }
  EXPECT_EQ(video_format_name(PixelFormat::yuyv), "YUY2") << "GStreamer's and PipeWire's name";
  EXPECT_EQ(video_format_name(PixelFormat::bgr24), "BGR");
}

TEST(PipeWireVideoFormats, FormatsNotOfferedHaveNoSpaFormat) {
  for (const PixelFormat f : {PixelFormat::mjpeg, PixelFormat::jpeg, PixelFormat::uyvy, PixelFormat::bgra}) {
    EXPECT_EQ(to_spa_video_format(f), SPA_VIDEO_FORMAT_UNKNOWN) << pixel_format_name(f);
    EXPECT_THROW(FrameWriter(f, 320, 240), Error) << pixel_format_name(f);
  }
  EXPECT_EQ(from_spa_video_format(SPA_VIDEO_FORMAT_UNKNOWN), std::nullopt);
  EXPECT_EQ(from_spa_video_format(SPA_VIDEO_FORMAT_UYVY), std::nullopt);
}

TEST(PipeWireFrameWriter, PackedRgbLayoutsAreExact) {
  const cv::Mat bgr = quadrants(64, 32);
  for (PixelFormat format : {PixelFormat::bgr24, PixelFormat::rgb24, PixelFormat::bgrx}) {
    FrameWriter writer(format, 64, 32);
    const std::size_t bpp = format == PixelFormat::bgrx ? 4 : 3;
    ASSERT_EQ(writer.stride(), 64 * bpp);
    ASSERT_EQ(writer.frame_size(), 64 * 32 * bpp);
    std::vector<std::uint8_t> out(writer.frame_size(), 0x11);
    writer.write(bgr, out.data());
    for (int y = 0; y < 32; y += 7) {
      for (int x = 0; x < 64; x += 5) {
        const auto px = bgr.at<cv::Vec3b>(y, x);
        const std::uint8_t* p = out.data() + static_cast<std::size_t>(y) * writer.stride() + x * bpp;
        const bool swap = format == PixelFormat::rgb24;
        EXPECT_EQ(p[0], swap ? px[2] : px[0]) << video_format_name(format) << " at " << x << "," << y;
        EXPECT_EQ(p[1], px[1]);
        EXPECT_EQ(p[2], swap ? px[0] : px[2]);
        if (format == PixelFormat::bgrx) {
          EXPECT_EQ(p[3], 255);
        }
      }
    }
  }
}

TEST(PipeWireFrameWriter, YuvLayoutsAreTightlyPacked) {
  FrameWriter i420(PixelFormat::i420, 320, 240);
  EXPECT_EQ(i420.stride(), 320u);
  EXPECT_EQ(i420.frame_size(), 320u * 240 * 3 / 2);
  FrameWriter nv12(PixelFormat::nv12, 320, 240);
  EXPECT_EQ(nv12.frame_size(), 320u * 240 * 3 / 2);
  FrameWriter yuy2(PixelFormat::yuyv, 320, 240);
  EXPECT_EQ(yuy2.stride(), 640u);
  EXPECT_EQ(yuy2.frame_size(), 640u * 240);

  // Red in BT.601 limited range: Y 81, Cb 90, Cr 240.
  const cv::Mat red(240, 320, CV_8UC3, cv::Scalar(0, 0, 255));
  std::vector<std::uint8_t> out(yuy2.frame_size());
  yuy2.write(red, out.data());
  EXPECT_NEAR(out[0], 81, 2);
  EXPECT_NEAR(out[1], 90, 2);
  EXPECT_NEAR(out[3], 240, 2);
  out.assign(i420.frame_size(), 0);
  i420.write(red, out.data());
  EXPECT_NEAR(out[0], 81, 2);
  EXPECT_NEAR(out[320 * 240], 90, 2);               // U plane
  EXPECT_NEAR(out[320 * 240 + 160 * 120], 240, 2);  // V plane
}

TEST(PipeWireFrameWriter, YuvFramesGoIntoEveryFormat) {
  const YuvImage frame = test::random_yuv(64, 32);
  cv::Mat bgr;
  yuv_to_bgr(frame, bgr);
  for (const PixelFormat format : all_video_formats()) {
    FrameWriter writer(format, 64, 32);
    std::vector<std::uint8_t> out(writer.frame_size(), 0x11);
    writer.write(frame, out.data());
    if (is_yuv(format)) {  // the planes repacked, exactly
      EXPECT_EQ(out, test::reference_packing(frame, frame_layout(format, 64, 32), 0x11)) << video_format_name(format);
      continue;
    }
    // Packed RGB: yuv_to_bgr's colours (same decoder, up to rounding).
    const std::size_t bpp = format == PixelFormat::bgrx ? 4 : 3;
    const bool swap = format == PixelFormat::rgb24;
    for (int y = 0; y < 32; ++y) {
      for (int x = 0; x < 64; ++x) {
        const auto px = bgr.at<cv::Vec3b>(y, x);
        const std::uint8_t* p = out.data() + static_cast<std::size_t>(y) * writer.stride() + x * bpp;
        ASSERT_NEAR(p[0], swap ? px[2] : px[0], 2) << video_format_name(format) << " at " << x << "," << y;
        ASSERT_NEAR(p[1], px[1], 2) << video_format_name(format) << " at " << x << "," << y;
        ASSERT_NEAR(p[2], swap ? px[0] : px[2], 2) << video_format_name(format) << " at " << x << "," << y;
        if (format == PixelFormat::bgrx) {
          ASSERT_EQ(p[3], 255);
        }
      }
    }
  }
  FrameWriter writer(PixelFormat::yuyv, 64, 32);
  std::vector<std::uint8_t> out(writer.frame_size());
  EXPECT_THROW(writer.write(test::random_yuv(64, 16), out.data()), Error);
}

TEST(PipeWireFrameWriter, OddSizesAreRefusedForYuvAndWrongFramesThrow) {
  EXPECT_THROW(FrameWriter(PixelFormat::i420, 321, 240), Error);
  EXPECT_THROW(FrameWriter(PixelFormat::yuyv, 321, 240), Error);
  FrameWriter writer(PixelFormat::bgr24, 64, 32);
  std::vector<std::uint8_t> out(writer.frame_size());
  EXPECT_THROW(writer.write(cv::Mat(16, 16, CV_8UC3), out.data()), Error);
}

TEST(PipeWireParams, EnumFormatsRoundTripInPreferenceOrder) {
  PodStorage storage;
  const auto params = enum_format_params(storage, 1280, 720, 30);
  const auto formats = all_video_formats();
  ASSERT_EQ(params.size(), formats.size());
  for (std::size_t i = 0; i < params.size(); ++i) {
    const auto parsed = parse_format_param(params[i]);
    ASSERT_TRUE(parsed) << i;
    EXPECT_EQ(parsed->spa_format, to_spa_video_format(formats[i]));
    EXPECT_EQ(parsed->width, 1280);
    EXPECT_EQ(parsed->height, 720);
    spa_video_info_raw info{};
    ASSERT_GE(spa_format_video_raw_parse(params[i], &info), 0);
    EXPECT_EQ(info.framerate.num, 30u);
    EXPECT_EQ(info.framerate.denom, 1u);
    if (is_yuv(formats[i])) {
      EXPECT_EQ(info.color_range, SPA_VIDEO_COLOR_RANGE_16_235);
      EXPECT_EQ(info.color_matrix, SPA_VIDEO_COLOR_MATRIX_BT601);
    }
  }
  // The five formats the issue names are all there.
  for (auto spa : {SPA_VIDEO_FORMAT_YUY2, SPA_VIDEO_FORMAT_I420, SPA_VIDEO_FORMAT_NV12, SPA_VIDEO_FORMAT_RGB,
                   SPA_VIDEO_FORMAT_BGR}) {
    EXPECT_TRUE(from_spa_video_format(spa)) << spa;
  }
}

TEST(PipeWireParams, BuffersAskForOneBlockOfTheFrameSizeInMemFd) {
  PodStorage storage;
  FrameWriter writer(PixelFormat::yuyv, 1280, 720);
  const auto params = buffer_params(storage, writer);
  ASSERT_EQ(params.size(), 2u);
  // A pod's printable form is not part of the API; parse the fields back.
  std::int32_t blocks = 0, size = 0, stride = 0;
  ASSERT_GE(spa_pod_parse_object(params[0], SPA_TYPE_OBJECT_ParamBuffers, nullptr, SPA_PARAM_BUFFERS_blocks,
                                 SPA_POD_Int(&blocks), SPA_PARAM_BUFFERS_size, SPA_POD_Int(&size),
                                 SPA_PARAM_BUFFERS_stride, SPA_POD_Int(&stride)),
            0);
  EXPECT_EQ(blocks, 1);
  EXPECT_EQ(size, 1280 * 720 * 2);
  EXPECT_EQ(stride, 1280 * 2);
  const auto* types = spa_pod_find_prop(params[0], nullptr, SPA_PARAM_BUFFERS_dataType);
  ASSERT_NE(types, nullptr);
  std::uint32_t n_values = 0, choice = 0;
  const spa_pod* value = spa_pod_get_values(&types->value, &n_values, &choice);
  ASSERT_EQ(choice, static_cast<std::uint32_t>(SPA_CHOICE_Flags));
  const auto mask = *static_cast<const std::int32_t*>(SPA_POD_BODY_CONST(value));
  EXPECT_TRUE(mask & (1 << SPA_DATA_MemFd));
  EXPECT_TRUE(mask & (1 << SPA_DATA_MemPtr));
}

TEST(PipeWireSharedMemory, TellsMemfdMappingsFromPrivateMemory) {
  const int fd = ::memfd_create("fakecam-test", MFD_CLOEXEC);
  ASSERT_GE(fd, 0);
  ASSERT_EQ(::ftruncate(fd, 8192), 0);
  void* shared = ::mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  ::close(fd);
  ASSERT_NE(shared, MAP_FAILED);
  EXPECT_TRUE(in_memfd_mapping(static_cast<char*>(shared) + 4100));
  EXPECT_NE(mapping_name(shared).value_or("").find("/memfd:fakecam-test"), std::string::npos);
  ::munmap(shared, 8192);
  std::vector<int> heap(4096);
  int stack = 0;
  EXPECT_FALSE(in_memfd_mapping(heap.data()));
  EXPECT_FALSE(in_memfd_mapping(&stack));
  EXPECT_FALSE(mapping_name(nullptr));
}

}  // namespace
}  // namespace fakecam::output::pipewire
