// SPDX-License-Identifier: GPL-3.0-or-later
#include "support/jpeg_fixture.hpp"

#include <turbojpeg.h>

#include <algorithm>
#include <memory>
#include <stdexcept>
#include <string>

#include <opencv2/imgproc.hpp>

namespace fakecam::test {

std::vector<std::uint8_t> encode_jpeg(const cv::Mat& bgr, int quality, Chroma chroma) {
  CV_Assert(bgr.type() == CV_8UC3 && bgr.isContinuous());
  std::unique_ptr<void, int (*)(tjhandle)> handle(tjInitCompress(), tjDestroy);
  if (!handle) throw std::runtime_error("tjInitCompress failed");
  const int subsampling = chroma == Chroma::s444 ? TJSAMP_444 : chroma == Chroma::s422 ? TJSAMP_422 : TJSAMP_420;
  unsigned char* out = nullptr;
  unsigned long size = 0;
  if (tjCompress2(handle.get(), bgr.data, bgr.cols, static_cast<int>(bgr.step[0]), bgr.rows, TJPF_BGR, &out, &size,
                  subsampling, quality, 0) != 0) {
    throw std::runtime_error(std::string("tjCompress2: ") + tjGetErrorStr2(handle.get()));
  }
  std::vector<std::uint8_t> bytes(out, out + size);
  tjFree(out);
  return bytes;
}

std::vector<std::uint8_t> flat_jpeg(cv::Size size, cv::Vec3b ycbcr, Chroma chroma) {
  std::unique_ptr<void, int (*)(tjhandle)> handle(tjInitCompress(), tjDestroy);
  if (!handle) throw std::runtime_error("tjInitCompress failed");
  const int subsampling = chroma == Chroma::s444 ? TJSAMP_444 : chroma == Chroma::s422 ? TJSAMP_422 : TJSAMP_420;
  cv::Mat planes[3];
  const unsigned char* pointers[3];
  int strides[3];
  for (int c = 0; c < 3; ++c) {
    planes[c] = cv::Mat(tjPlaneHeight(c, size.height, subsampling), tjPlaneWidth(c, size.width, subsampling), CV_8UC1,
                        cv::Scalar(ycbcr[c]));
    pointers[c] = planes[c].data;
    strides[c] = static_cast<int>(planes[c].step[0]);
  }
  unsigned char* out = nullptr;
  unsigned long bytes = 0;
  if (tjCompressFromYUVPlanes(handle.get(), pointers, size.width, strides, size.height, subsampling, &out, &bytes, 100,
                              0) != 0) {
    throw std::runtime_error(std::string("tjCompressFromYUVPlanes: ") + tjGetErrorStr2(handle.get()));
  }
  std::vector<std::uint8_t> jpeg(out, out + bytes);
  tjFree(out);
  return jpeg;
}

cv::Mat test_picture(cv::Size size) {
  cv::Mat image(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y) {
    auto* row = image.ptr<cv::Vec3b>(y);
    for (int x = 0; x < size.width; ++x) {
      row[x] = cv::Vec3b(static_cast<std::uint8_t>(255 * x / std::max(1, size.width - 1)),
                         static_cast<std::uint8_t>(255 * y / std::max(1, size.height - 1)),
                         static_cast<std::uint8_t>(255 - 255 * (x + y) / std::max(1, size.width + size.height - 2)));
    }
  }
  // Saturated patches, a quarter of the height each, in the left third.
  const int w = std::max(1, size.width / 3), h = std::max(1, size.height / 4);
  cv::rectangle(image, cv::Rect(0, 0, w, h), cv::Scalar(0, 0, 255), cv::FILLED);      // red
  cv::rectangle(image, cv::Rect(0, h, w, h), cv::Scalar(0, 255, 0), cv::FILLED);      // green
  cv::rectangle(image, cv::Rect(0, 2 * h, w, h), cv::Scalar(255, 0, 0), cv::FILLED);  // blue
  // Fine texture: a fixed pseudo-random pattern in the bottom quarter.
  cv::Mat noise(size.height - 3 * h, size.width, CV_8UC3);
  cv::RNG rng(12345);
  rng.fill(noise, cv::RNG::UNIFORM, 0, 256);
  cv::GaussianBlur(noise, noise, cv::Size(3, 3), 0.8);
  noise.copyTo(image(cv::Rect(0, 3 * h, size.width, size.height - 3 * h)));
  return image;
}

std::vector<std::uint8_t> strip_huffman_tables(const std::vector<std::uint8_t>& jpeg) {
  std::vector<std::uint8_t> out(jpeg.begin(), jpeg.begin() + 2);  // SOI
  std::size_t pos = 2;
  while (pos + 4 <= jpeg.size()) {
    const std::uint8_t marker = jpeg[pos + 1];
    const std::size_t length = (static_cast<std::size_t>(jpeg[pos + 2]) << 8) | jpeg[pos + 3];
    if (marker == 0xDA) {  // start of scan: the rest is entropy data and EOI
      out.insert(out.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(pos), jpeg.end());
      return out;
    }
    if (marker != 0xC4) {
      out.insert(out.end(), jpeg.begin() + static_cast<std::ptrdiff_t>(pos),
                 jpeg.begin() + static_cast<std::ptrdiff_t>(pos + 2 + length));
    }
    pos += 2 + length;
  }
  throw std::runtime_error("no start-of-scan in the JPEG");
}

}  // namespace fakecam::test
