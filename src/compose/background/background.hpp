// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A background provider makes what shows where the person is not. Per frame
// the compositor calls prepare() once, then streams the rows: the blender
// asks for row y just before it mixes row y, so a provider need not build a
// frame-sized image when it can make rows on the fly (the blur stretches its
// small image row by row; a solid colour is one row). Providers cache what
// does not change.
//
// Reloading runs off the processing thread: the compositor calls reload() on
// a worker thread while prepare()/row() go on for the current frames. A
// provider loads the new files there, keeps them aside, and switches to them
// at its next prepare(); a failure leaves the old picture in use.

#include <cstdint>
#include <string>

#include <opencv2/core.hpp>

#include "common/yuv_image.hpp"

namespace fakecam::compose {

// What a provider may look at for one frame.
struct BackgroundInput {
  const cv::Mat& frame;  // CV_8UC3 BGR, the camera frame
  const cv::Mat& alpha;  // CV_8UC1 at frame size, 255 = person (may be empty: no person known)
};

// The same for the YUV path (common/yuv_image.hpp).
struct YuvBackgroundInput {
  YuvView frame;         // I420, BT.601 limited range (a whole frame or a crop of one)
  const cv::Mat& alpha;  // CV_8UC1 at frame size, 255 = person (may be empty)
  // Reductions the compositor made for itself this frame, offered so that a
  // provider need not make them again (each may be empty: not made):
  // alpha at chroma size, each 2x2 block's rounded mean (the blend's U and
  // V take it); and Y averaged over f x f blocks, rounded, where f is the
  // frame's size over this one's (the mask's guide, MaskPipeline).
  cv::Mat alpha_half = {};
  cv::Mat luma_low = {};
};

// A plane of a YUV background: Y at frame size, U and V at half size.
enum class YuvPlane { y, u, v };

struct ReloadResult {
  bool ok = true;
  std::string message;  // why it failed, or what was loaded
};

class Background {
 public:
  Background() = default;
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
  virtual ~Background() = default;

  // Makes this frame's background ready; reads everything it needs from the
  // input now (the compositor may write the output over the frame later).
  virtual void prepare(const BackgroundInput& input) = 0;

  // Row y of the prepared background: frame width x 3 bytes, BGR. Either a
  // pointer into the provider's own image, or `scratch` (frame width x 3
  // bytes, owned by the caller) filled and returned. Valid until the next
  // call.
  virtual const std::uint8_t* row(int y, std::uint8_t* scratch) = 0;

  // The YUV path (issue 12): a provider that can make its rows in I420
  // directly says so; the compositor then never converts the frame to BGR.
  // prepare_yuv() is prepare()'s twin; yuv_row() gives row `y` of `plane`
  // (frame width bytes for Y, half of it for U and V), a pointer into the
  // provider's own planes or `scratch` (that many bytes, owned by the caller)
  // filled and returned. Valid until the next call. Providers without YUV
  // support throw Error from both.
  virtual bool supports_yuv() const { return false; }
  virtual void prepare_yuv(const YuvBackgroundInput& input);
  virtual const std::uint8_t* yuv_row(YuvPlane plane, int y, std::uint8_t* scratch);
  // A provider whose YUV row `y` is a mix of two rows it holds (the blur's
  // upscale: (r0 (256 - w1) + r1 w1 + 128) >> 8) may say so instead: the
  // blend then makes the mix only where the background shows, straight into
  // the output (kernels::blend_lerp_u8). False: ask yuv_row().
  struct RowMix {
    const std::uint8_t* r0 = nullptr;
    const std::uint8_t* r1 = nullptr;
    int w1 = 0;  // 0..256
  };
  virtual bool yuv_row_mix(YuvPlane /*plane*/, int /*y*/, RowMix& /*mix*/) { return false; }

  // Re-reads files the provider was made from (after the user changed them).
  // May block (reads and decodes files) and may run on another thread than
  // prepare()/row(): the result is used from the next prepare(). A provider
  // with no files has nothing to do and succeeds.
  virtual ReloadResult reload() { return {true, "nothing to reload"}; }

  // True when the rows stay the same from frame to frame until version()
  // changes (a still image, a colour): effects on it are then made once.
  virtual bool is_still() const { return false; }
  virtual std::uint64_t version() const { return 0; }

  // prepare() and all rows into one CV_8UC3 image of the frame's size (for
  // tests and tools; the compositor streams rows instead).
  void render(const BackgroundInput& input, cv::Mat& out);
  // All rows of the already prepared background (frame `size`) into `out`.
  void render_rows(cv::Size size, cv::Mat& out);
  // The same for the YUV path: prepare_yuv() and every row of every plane.
  void render_yuv(const YuvBackgroundInput& input, YuvImage& out);
};

}  // namespace fakecam::compose
