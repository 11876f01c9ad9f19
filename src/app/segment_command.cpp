// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/segment_command.hpp"

#include <CLI/CLI.hpp>
#include <opencv2/imgproc.hpp>

#include "common/error.hpp"
#include "media/image_io.hpp"
#include "segment/model_catalog.hpp"
#include "segment/segmenter.hpp"

namespace fakecam::app {

void add_segment_command(CLI::App& app, SegmentOptions& options) {
  auto* cmd = app.add_subcommand("segment", "Write the person mask of one image (255 = person)");
  cmd->add_option("input", options.input, "Input image (PNG, JPEG, WebP, BMP, TIFF...)")->required();
  cmd->add_option("-o,--output", options.output, "Output mask image (.png recommended)")->required();
  cmd->add_option("--model", options.model,
                  "general (256x256), landscape (144x256), auto (landscape for wide images), or a .tflite file")
      ->capture_default_str();
  cmd->add_option("--threads", options.threads,
                  "Inference threads for a .tflite model file; the built-in models always run on 1, "
                  "which is fastest for them (more measured slower, far slower on a busy machine)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
}

void run_segment(const SegmentOptions& options) {
  cv::Mat image = media::read_image_bgr(options.input);
  const cv::Size size = image.size();
  const std::string model = segment::choose_model(options.model, size.width, size.height);
  auto segmenter = segment::Segmenter::open(model, options.threads);
  segmenter.segment(image, segment::PixelOrder::bgr);
  image.release();  // only its size is needed from here on
  // Quantized at model size, then upsampled as 8-bit: a quarter of the memory
  // of a float mask at full size (8 MB for 1080p), within one level of it.
  cv::Mat mask8;
  segment::mask_to_u8(segmenter.mask(), mask8);
  if (mask8.size() != size) {
    const cv::Mat small = std::move(mask8);
    cv::resize(small, mask8, size, 0, 0, cv::INTER_LINEAR);
  }
  media::write_image(options.output, mask8);
}

}  // namespace fakecam::app
