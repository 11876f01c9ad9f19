#include "common/image_io.hpp"

#include <cerrno>
#include <fstream>
#include <system_error>

#include <opencv2/imgcodecs.hpp>

#include "common/error.hpp"

namespace fakecam {

cv::Mat read_image_bgr(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) fail("{}: no such file", path.string());
  if (std::filesystem::is_directory(path, ec)) fail("{}: is a directory, not an image", path.string());
  {
    std::ifstream probe(path, std::ios::binary);
    if (!probe) fail("{}: cannot open: {}", path.string(), errno_text(errno));
  }
  cv::Mat image;
  try {
    image = cv::imread(path.string(), cv::IMREAD_COLOR);
  } catch (const cv::Exception& e) {
    fail("{}: cannot decode image: {}", path.string(), e.err);
  }
  if (image.empty()) fail("{}: not a readable image (unknown format or corrupt data)", path.string());
  return image;
}

void write_image(const std::filesystem::path& path, const cv::Mat& image) {
  bool ok = false;
  try {
    ok = cv::imwrite(path.string(), image);
  } catch (const cv::Exception& e) {
    // OpenCV throws for an extension it has no encoder for.
    fail("{}: cannot write image: {}", path.string(), e.err);
  }
  if (!ok) {
    const auto dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) fail("{}: cannot write: directory {} does not exist", path.string(), dir.string());
    fail("{}: cannot write image (permission denied, disk full or unsupported format)", path.string());
  }
}

}  // namespace fakecam
