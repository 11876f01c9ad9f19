#include "app/segment_command.hpp"

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
  cmd->add_option("--threads", options.threads, "Inference threads")->capture_default_str()->check(CLI::Range(1, 64));
}

void run_segment(const SegmentOptions& options) {
  const cv::Mat image = media::read_image_bgr(options.input);
  const std::string model = segment::choose_model(options.model, image.cols, image.rows);
  auto segmenter = segment::Segmenter::open(model, options.threads);
  segmenter.segment(image, segment::PixelOrder::bgr);
  cv::Mat mask;
  segmenter.upsample_mask(image.size(), mask);
  cv::Mat mask8;
  segment::mask_to_u8(mask, mask8);
  media::write_image(options.output, mask8);
}

}  // namespace fakecam::app
