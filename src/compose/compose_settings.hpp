// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the compositor does with each frame: which background replaces the
// real one, and how the model's person mask becomes the alpha that mixes the
// two. The app fills this from the command line (src/app/cli.cpp).

#include <filesystem>

#include <opencv2/core.hpp>

#include "compose/effects/effect_chain.hpp"

namespace fakecam::compose {

enum class BackgroundKind {
  blur,    // the frame itself, blurred (the default when no image is given)
  image,   // a file (-b/--background-image): a still image, or else a video (looped)
  colour,  // one solid colour (--background-colour)
  none,    // the real background, unchanged (--no-background); with no effects
           // and no overlay the frame is passed through without segmentation
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

// Edge refinement: the model's mask (256x144) is upsampled guided by the
// frame with a fast guided filter (He & Sun), so the edge follows the real
// outline of hair and shoulders instead of the model's coarse grid.
struct RefineSettings {
  bool enabled = true;
  // The filter works on the frame reduced to about kGuideHeight rows; its
  // window is (2 radius + 1) of those pixels (radius 2: ~9 px at 720p).
  int radius = 2;
  // Regularisation, in (grey level / 255)^2: edges weaker than about
  // sqrt(eps) * 255 grey levels are smoothed over instead of followed.
  float eps = 0.0015f;
  // Where the model's mask did not move, the filter's coefficients move only
  // this share of the way to each new frame's (1 = off): the model's wobble
  // and texture sliding past a still edge make the edge jitter less.
  float stable_rate = 0.5f;
};

// Temporal smoothing of the model's mask: where the picture is still, each
// frame moves the mask only `still_rate` of the way to the new result, which
// removes flicker; where the picture moves, the mask follows at once, so no
// ghost trails behind a moving person.
struct TemporalSettings {
  // 0 < still_rate <= 1; 1 = no smoothing. The successor's
  // --background-mask-update-speed (a percentage) maps onto it.
  float still_rate = 0.4f;
  // Follow at once where the picture changes (off: plain running average,
  // as the successor did, which leaves ghosts).
  bool motion_aware = true;
};

// The overlay drawn over the result (the seed's podium: -f and -m).
struct ForegroundSettings {
  std::filesystem::path image_path;  // empty: no overlay
  std::filesystem::path mask_path;   // white = opaque; empty: the image's own alpha channel
  int opacity = 100;                 // 0..100
  EffectList effects;
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
  RefineSettings refine;
  TemporalSettings temporal;
  // Background light spilling over the person's edge, 0..100 (0 = off).
  int light_wrap = 0;
  // Portrait light on the person, dimming the background, 0..100 (0 = off;
  // effects/portrait_light.hpp).
  int light = 0;
  // Low-light denoising of the camera frame, 0..100 (0 = off; effects/denoise.hpp).
  int denoise = 0;
  EffectList background_effects;  // after the background is made (cached for still ones)
  EffectList selfie_effects;      // on the person
  int selfie_opacity = 100;       // 0..100: how much of the person shows over the background
  ForegroundSettings foreground;
  // The output frame rate: a video background is decoded ahead at this rate.
  double output_fps = 30;
};

// Throws Error naming the setting that is out of range.
void validate(const ComposeSettings& settings);

}  // namespace fakecam::compose
