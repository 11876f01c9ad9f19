// SPDX-License-Identifier: GPL-3.0-or-later
// Linked into every benchmark: OpenCV on the calling thread only, as in the
// fakecam binary (src/app/main.cpp says why), so that a benchmark measures
// what the program does and not OpenCV's helper threads spinning beside it.

#include <opencv2/core/utility.hpp>

namespace {

const bool opencv_single_threaded = [] {
  cv::setNumThreads(1);
  return true;
}();

}  // namespace
