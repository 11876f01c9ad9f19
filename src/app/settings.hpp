// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Everything a user can set, in one place. Each field is bound to exactly one
// long command-line flag in cli.cpp, and the same name is the config-file key
// (`-c FILE`), so flags and config cannot drift apart.

#include <optional>
#include <string>
#include <vector>

namespace fakecam::app {

struct Settings {
  // ---- capture (the real webcam, or a file) ----
  int width = 1280;                         // -W, --width
  int height = 720;                         // -H, --height
  int fps = 30;                             // -F, --fps
  bool width_given = false;                 // -W given (a file input is resized to it;
  bool height_given = false;                // -H given  with only one, keeping the file's aspect)
  std::string codec = "auto";               // -C, --codec: auto | MJPG | YUYV
  std::string webcam_path = "/dev/video0";  // -w, --webcam-path
  std::string input;                        // --input FILE: video or image instead of a webcam
  bool hflip = false;                       // --hflip
  bool vflip = false;                       // --vflip

  // ---- segmentation ----
  std::string model = "auto";              // --model: auto | general | landscape | FILE.tflite
  int threads = 1;                         // --threads
  std::optional<double> scale_factor;      // -S, --scale-factor (seed; see cli.cpp)
  std::optional<std::string> bodypix_url;  // -B, --bodypix-url (seed; no server any more)

  // ---- background and effects ----
  std::string image_folder = ".";       // -i, --image-folder
  std::string background_image;         // -b, --background-image (default: background.* in the image folder)
  bool no_background = false;           // --no-background
  bool tile_background = false;         // --tile-background
  bool background_keep_aspect = false;  // --background-keep-aspect (letterbox)
  bool background_stretch = false;      // --background-stretch
  std::string background_colour;        // --background-colour  #RRGGBB or name
  std::optional<int> blur;              // --blur [STRENGTH]
  double threshold = 0.5;               // --threshold: 0..1, or a percentage written with % (60%)
  bool no_foreground = false;           // --no-foreground
  std::string foreground_image;         // -f, --foreground-image (default: foreground.*)
  std::string foreground_mask_image;    // -m, --foreground-mask-image (default: foreground-mask.*)
  bool hologram = false;                // --hologram
  std::string background_spec;          // --background ITEMS (the successor's layer syntax; see app/layer_spec.hpp)
  std::string selfie_spec;              // --selfie ITEMS
  std::string mask_spec;                // --mask ITEMS (the foreground overlay)
  double soft_edge = 0.2;               // --soft-edge: width of the edge ramp in confidence (0..1, or N%)
  bool no_refine_edges = false;         // --no-refine-edges: plain bilinear upsampling of the mask
  double mask_update_speed = 40;  // --background-mask-update-speed: % of a new mask taken per still frame (100 = off)
  int light_wrap = 0;             // --light-wrap 0..100
  int light = 0;                  // --light 0..100: portrait light (0 = off)
  int denoise = 0;                // --denoise 0..100: low-light denoising (0 = off)
  int foreground_opacity = 100;   // --foreground-opacity 0..100
  std::string cmap_person;        // --cmap-person NAME (the seed's colour map on the person)
  std::string cmap_bg;            // --cmap-bg NAME (and on the background)

  // ---- auto-framing ----
  std::string framing = "off";  // --framing: auto | off
  double framing_zoom = 2.0;    // --framing-zoom: zoom in at most this much

  // ---- output ----
  std::string v4l2loopback_path;  // -v, --v4l2loopback-path ("-" = y4m to stdout, "pipewire:[NAME]" = PipeWire only;
                                  // empty = the v4l2loopback device labelled fakecam, else the only one)
  bool pipewire = false;          // --pipewire: publish a PipeWire camera (alone unless -v names a device)
  std::string pipewire_name = "fakecam";  // --pipewire-name: the node's name and description
  bool akvcam = false;                    // --akvcam
  std::string output;                     // --output FILE.y4m
  std::string pixel_format = "yuyv";      // --pixel-format: yuyv | i420 | nv12
  bool no_ondemand = false;               // --no-ondemand
  int frames = 0;                         // --frames N: stop after N output frames (0 = run until stopped)

  // ---- CPU and control ----
  double max_fps = 0;             // --max-fps: segment/compose at most this often (0 = every frame)
  double motion_threshold = 1.5;  // --motion-threshold: reuse the mask below this change (levels; 0 = off)
  std::string control_socket;     // --control-socket (default: $XDG_RUNTIME_DIR/fakecam/<output device>.sock)

  // ---- program ----
  int verbosity = 1;     // -q/--quiet 0, default 1, --verbose 2
  bool status = true;    // --no-status turns the TTY status line off
  bool preview = false;  // --preview: a preview window beside the camera
  bool check = false;    // --check: preflight only
};

}  // namespace fakecam::app
