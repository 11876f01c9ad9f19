#pragma once
// What the compositor does with each frame: which background replaces the
// real one, and how the model's person mask becomes the alpha that mixes the
// two. The app fills this from the command line (src/app/cli.cpp).

#include <filesystem>

#include <opencv2/core.hpp>

namespace fakecam::compose {

enum class BackgroundKind {
  blur,    // the frame itself, blurred (the default when no image is given)
  image,   // a still image (-b/--background-image)
  colour,  // one solid colour (--background-colour)
  none,    // pass-through: the frame is output unchanged (--no-background)
};

// How a background image is made the frame's size.
enum class ImageFit {
  cover,    // scale to fill the frame, keep the aspect, crop the excess (centred); default
  fit,      // scale to fit inside the frame, keep the aspect, bars of `colour` (--background-keep-aspect)
  tile,     // repeat at native size from the top-left corner (--tile-background)
  stretch,  // scale to the frame ignoring the aspect (--background-stretch)
};

// Blur strength 0..100. STRENGTH is a fraction of the frame height, so the
// look does not change with the resolution: the Gaussian's standard deviation
// is sigma = STRENGTH / 100 * 3% of the frame height (at 720p: 50 -> 10.8 px,
// 100 -> 21.6 px; at 1080p: 50 -> 16.2 px). 0 leaves the background sharp.
inline constexpr int kDefaultBlurStrength = 50;
inline constexpr int kMaxBlurStrength = 100;
double blur_sigma(int strength, cv::Size frame);

struct MaskSettings {
  // Person confidence at which a pixel is half person, half background.
  // MediaPipe's selfie models end in a sigmoid trained with cross-entropy, so
  // 0.5 is their own decision boundary (the seed's 0.75 was for BodyPix and
  // was followed by a dilation that gave back what the high threshold took).
  float threshold = 0.5f;
  // Width of the soft edge, in confidence: alpha goes linearly from 0 at
  // threshold - ramp/2 to 255 at threshold + ramp/2 (0 = hard edge). The
  // ramp is applied after the mask is upsampled, so the edge follows the
  // smooth bilinear surface instead of the model's 5x coarser pixel grid.
  float ramp = 0.2f;
};

struct ComposeSettings {
  BackgroundKind background = BackgroundKind::blur;
  std::filesystem::path image_path;  // for BackgroundKind::image
  ImageFit fit = ImageFit::cover;
  int blur_strength = kDefaultBlurStrength;  // for BackgroundKind::blur, 0..100
  // BGR. The solid background, the bars of ImageFit::fit, and what shows
  // through the transparent parts of a background image with alpha.
  cv::Vec3b colour{0, 0, 0};
  MaskSettings mask;
};

// Throws Error naming the setting that is out of range.
void validate(const ComposeSettings& settings);

}  // namespace fakecam::compose
