// SPDX-License-Identifier: GPL-3.0-or-later
#include "capture/device_modes.hpp"

#include <linux/videodev2.h>

#include "v4l2/format.hpp"
#include "v4l2/pixel_format.hpp"

namespace fakecam::capture {

std::vector<CaptureMode> device_modes(const v4l2::CaptureDevice& device, PixelFormat format,
                                      const ModeRequest& request) {
  std::vector<cv::Size> sizes;
  v4l2_frmsizeenum fs{};
  fs.pixel_format = v4l2::to_fourcc(format);
  if (device.ioctl(VIDIOC_ENUM_FRAMESIZES, &fs) == 0) {
    if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
      for (fs.index = 0; device.ioctl(VIDIOC_ENUM_FRAMESIZES, &fs) == 0 && fs.type == V4L2_FRMSIZE_TYPE_DISCRETE;
           ++fs.index) {
        sizes.emplace_back(static_cast<int>(fs.discrete.width), static_cast<int>(fs.discrete.height));
      }
    } else {
      const auto& sw = fs.stepwise;
      const auto i = [](std::uint32_t v) { return static_cast<int>(v); };
      sizes.emplace_back(snap_to_range(request.size.width, i(sw.min_width), i(sw.max_width), i(sw.step_width)),
                         snap_to_range(request.size.height, i(sw.min_height), i(sw.max_height), i(sw.step_height)));
    }
  } else {
    // No size enumeration: ask what the driver would do with the request.
    v4l2_format f{};
    f.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    f.fmt.pix.pixelformat = v4l2::to_fourcc(format);
    f.fmt.pix.width = static_cast<std::uint32_t>(request.size.width);
    f.fmt.pix.height = static_cast<std::uint32_t>(request.size.height);
    f.fmt.pix.field = V4L2_FIELD_ANY;
    if (device.ioctl(VIDIOC_TRY_FMT, &f) == 0 && f.fmt.pix.pixelformat == v4l2::to_fourcc(format)) {
      sizes.emplace_back(static_cast<int>(f.fmt.pix.width), static_cast<int>(f.fmt.pix.height));
    }
  }

  std::vector<CaptureMode> list;
  for (const cv::Size size : sizes) {
    v4l2_frmivalenum fi{};
    fi.pixel_format = v4l2::to_fourcc(format);
    fi.width = static_cast<std::uint32_t>(size.width);
    fi.height = static_cast<std::uint32_t>(size.height);
    if (device.ioctl(VIDIOC_ENUM_FRAMEINTERVALS, &fi) != 0) {
      list.push_back({format, size, 0.0});  // the driver does not say
    } else if (fi.type == V4L2_FRMIVAL_TYPE_DISCRETE) {
      for (fi.index = 0; device.ioctl(VIDIOC_ENUM_FRAMEINTERVALS, &fi) == 0 && fi.type == V4L2_FRMIVAL_TYPE_DISCRETE;
           ++fi.index) {
        list.push_back({format, size, v4l2::frame_rate(fi.discrete)});
      }
    } else {
      // The longest interval is the lowest rate.
      const double slowest = v4l2::frame_rate(fi.stepwise.max);
      const double fastest = v4l2::frame_rate(fi.stepwise.min);
      list.push_back({format, size, clamp_rate(request.fps, slowest, fastest)});
    }
  }
  return list;
}

}  // namespace fakecam::capture
