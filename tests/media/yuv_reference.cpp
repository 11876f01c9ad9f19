// SPDX-License-Identifier: GPL-3.0-or-later
#include "media/yuv_reference.hpp"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <iterator>
#include <set>
#include <stdexcept>
#include <string>

namespace fakecam::media::test {

cv::Vec3d yuv_to_bgr(double y, double u, double v, YuvColour colour) {
  const double kr = colour.bt709 ? 0.2126 : 0.299;
  const double kb = colour.bt709 ? 0.0722 : 0.114;
  const double kg = 1 - kr - kb;
  // To full-range luma and +-127.5 chroma.
  const double luma = colour.full_range ? y : (y - 16) * 255.0 / 219.0;
  const double cb = colour.full_range ? u - 128 : (u - 128) * 255.0 / 224.0;
  const double cr = colour.full_range ? v - 128 : (v - 128) * 255.0 / 224.0;
  const double r = luma + 2 * (1 - kr) * cr;
  const double b = luma + 2 * (1 - kb) * cb;
  const double g = luma - (2 * kb * (1 - kb) / kg) * cb - (2 * kr * (1 - kr) / kg) * cr;
  return {b, g, r};
}

YuvPlanes read_yuv_planes(const std::filesystem::path& path, int width, int height, int shift_x, int shift_y) {
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  YuvPlanes planes;
  planes.width = width;
  planes.height = height;
  planes.shift_x = shift_x;
  planes.shift_y = shift_y;
  const std::size_t luma = static_cast<std::size_t>(width) * height;
  // Chroma planes round up: a 3-pixel-wide 4:2:0 picture has 2 chroma columns.
  const std::size_t chroma =
      static_cast<std::size_t>(-(-width >> shift_x)) * static_cast<std::size_t>(-(-height >> shift_y));
  if (bytes.size() != luma + 2 * chroma) {
    throw std::runtime_error(path.string() + ": " + std::to_string(bytes.size()) + " bytes, expected " +
                             std::to_string(luma + 2 * chroma));
  }
  const auto* data = reinterpret_cast<const std::uint8_t*>(bytes.data());
  planes.y.assign(data, data + luma);
  planes.u.assign(data + luma, data + luma + chroma);
  planes.v.assign(data + luma + chroma, data + luma + 2 * chroma);
  return planes;
}

cv::Mat reference_bgr(const YuvPlanes& planes, YuvColour colour) {
  cv::Mat out(planes.height, planes.width, CV_8UC3);
  const int chroma_width = -(-planes.width >> planes.shift_x);
  for (int y = 0; y < planes.height; ++y) {
    for (int x = 0; x < planes.width; ++x) {
      const std::size_t c = static_cast<std::size_t>(y >> planes.shift_y) * chroma_width + (x >> planes.shift_x);
      const cv::Vec3d bgr =
          yuv_to_bgr(planes.y[static_cast<std::size_t>(y) * planes.width + x], planes.u[c], planes.v[c], colour);
      for (int k = 0; k < 3; ++k) {
        out.at<cv::Vec3b>(y, x)[k] = static_cast<std::uint8_t>(std::clamp(std::lround(bgr[k]), 0L, 255L));
      }
    }
  }
  return out;
}

::testing::AssertionResult near_everywhere(const cv::Mat& actual, const cv::Mat& expected, int tolerance) {
  if (actual.size() != expected.size() || actual.type() != expected.type()) {
    return ::testing::AssertionFailure() << "got " << actual.cols << "x" << actual.rows << " type " << actual.type()
                                         << ", expected " << expected.cols << "x" << expected.rows << " type "
                                         << expected.type();
  }
  const int channels = expected.channels();
  long bad = 0;
  int worst = 0;
  std::set<int> bad_columns;
  std::string first;
  for (int y = 0; y < expected.rows; ++y) {
    const std::uint8_t* a = actual.ptr<std::uint8_t>(y);
    const std::uint8_t* e = expected.ptr<std::uint8_t>(y);
    for (int x = 0; x < expected.cols; ++x) {
      int off = 0;
      for (int k = 0; k < channels; ++k) off = std::max(off, std::abs(a[x * channels + k] - e[x * channels + k]));
      if (off <= tolerance) continue;
      worst = std::max(worst, off);
      if (bad++ == 0) {
        first = "(" + std::to_string(x) + "," + std::to_string(y) + ") is off by " + std::to_string(off);
      }
      bad_columns.insert(x);
    }
  }
  if (bad == 0) return ::testing::AssertionSuccess();
  std::string columns;
  for (const int x : bad_columns) {
    if (columns.size() > 80) {
      columns += " ...";
      break;
    }
    columns += " " + std::to_string(x);
  }
  return ::testing::AssertionFailure() << bad << " of " << expected.total() << " pixels off by more than " << tolerance
                                       << " (worst " << worst << "); first " << first << "; columns" << columns;
}

::testing::AssertionResult identical(const cv::Mat& a, const cv::Mat& b) {
  if (a.size() != b.size() || a.type() != b.type()) return ::testing::AssertionFailure() << "size or type differs";
  for (int y = 0; y < a.rows; ++y) {
    const auto* pa = a.ptr<std::uint8_t>(y);
    const auto* pb = b.ptr<std::uint8_t>(y);
    const std::size_t row = a.cols * a.elemSize();
    for (std::size_t i = 0; i < row; ++i) {
      if (pa[i] != pb[i]) {
        return ::testing::AssertionFailure()
               << "byte " << i << " of row " << y << " differs (column " << i / a.elemSize() << ")";
      }
    }
  }
  return ::testing::AssertionSuccess();
}

}  // namespace fakecam::media::test
