// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli.hpp"

#include <algorithm>
#include <string_view>

#include <fmt/format.h>
#include <CLI/CLI.hpp>

#include "app/assets.hpp"
#include "app/cli_config.hpp"
#include "app/compose_options.hpp"
#include "app/config_file.hpp"
#include "app/fraction_arg.hpp"
#include "app/layer_spec.hpp"
#include "common/error.hpp"

namespace fakecam::app {

namespace {
constexpr int kDefaultBlur = 50;
constexpr std::string_view kPipeWirePrefix = "pipewire:";

// -v pipewire:[NAME] and --pipewire come down to one form: afterwards
// `pipewire` says whether a PipeWire camera is published, and pipewire_only()
// whether it is the only virtual camera.
void finish_pipewire_flags(CommandLine& cli) {
  Settings& s = cli.settings;
  if (s.v4l2loopback_path.rfind(kPipeWirePrefix, 0) == 0) {
    const std::string name = s.v4l2loopback_path.substr(kPipeWirePrefix.size());
    if (!name.empty()) {
      if (cli.app->count("--pipewire-name") > 0 && s.pipewire_name != name) {
        fail("-v {} and --pipewire-name {}: two names for one PipeWire camera; give one of them", s.v4l2loopback_path,
             s.pipewire_name);
      }
      s.pipewire_name = name;
    }
    s.pipewire = true;
  } else if (s.pipewire && cli.app->count("--v4l2loopback-path") == 0) {
    // Someone who asks for PipeWire and names no device most likely cannot
    // load v4l2loopback at all: do not look for a v4l2loopback device.
    s.v4l2loopback_path = std::string(kPipeWirePrefix) + s.pipewire_name;
  }
  if (s.pipewire_name.empty() || s.pipewire_name.find_first_of(" \t\n") != std::string::npos) {
    fail("--pipewire-name '{}': the PipeWire camera needs a name without spaces (e.g. fakecam)", s.pipewire_name);
  }
}

// Writing the output over a file fakecam reads would destroy the user's clip
// (or picture, model, config).
void refuse_output_over_an_input(const Settings& s, const std::string& config_file) {
  if (s.output.empty() || s.output == "-") return;
  std::error_code ec;
  if (!std::filesystem::exists(s.output, ec)) return;  // nothing there to overwrite
  std::vector<std::pair<std::string, std::string>> inputs = {{"--input", s.input},
                                                             {"-b/--background-image", s.background_image},
                                                             {"-f/--foreground-image", s.foreground_image},
                                                             {"-m/--foreground-mask-image", s.foreground_mask_image},
                                                             {"--model", s.model},
                                                             {"-c/--config", config_file},
                                                             {"image folder's background.*", "background.*"},
                                                             {"image folder's foreground.*", "foreground.*"},
                                                             {"image folder's foreground-mask.*", "foreground-mask.*"}};
  const auto background = parse_background_spec(s.background_spec);
  if (background.file) inputs.emplace_back("--background=file=", *background.file);
  const auto overlay = parse_overlay_spec(s.mask_spec);
  if (overlay.image) inputs.emplace_back("--mask=foreground=", *overlay.image);
  if (overlay.mask_file) inputs.emplace_back("--mask=mask-file=", *overlay.mask_file);
  for (const auto& [flag, name] : inputs) {
    if (name.empty()) continue;
    const auto found = flag == "-c/--config" || flag == "--model" ? std::optional<std::filesystem::path>(name)
                                                                  : find_asset(name, s.image_folder);
    if (found && std::filesystem::equivalent(*found, s.output, ec)) {
      fail("--output {} is the {} file: writing it would destroy it; choose another output file", s.output, flag);
    }
  }
}
}  // namespace

bool pipewire_only(const Settings& s) { return s.v4l2loopback_path.rfind(kPipeWirePrefix, 0) == 0; }

void build_command_line(CommandLine& cli) {
  cli.app = std::make_unique<CLI::App>(
      "fakecam: a virtual webcam with the background removed, blurred or replaced.\n"
      "Reads a real webcam (or --input FILE), finds the person with MediaPipe's selfie segmentation\n"
      "running in-process, and writes the composed video to a v4l2loopback device (-v), an akvcam\n"
      "device (--akvcam), a PipeWire camera (--pipewire; no kernel module needed) or a y4m stream\n"
      "(-v - / --output FILE.y4m).\n"
      "Ctrl-C reloads the background/foreground images, Ctrl-\\ quits.",
      "fakecam");
  CLI::App& app = *cli.app;
  Settings& s = cli.settings;
  // Options that are not settings cannot come from a config file.
  app.set_version_flag("--version", "fakecam " FAKECAM_VERSION)->configurable(false);
  app.get_help_ptr()->configurable(false);
  cli.default_config = default_config_path();
  app.add_option("-c,--config", cli.config_file,
                 "Read settings from this file (default: $XDG_CONFIG_HOME/fakecam/config.ini, i.e. "
                 "~/.config/fakecam/config.ini, when it exists): one `long-option-name = value` per line; the command "
                 "line wins")
      ->configurable(false);
  app.add_flag("--dump-config", cli.dump_config, "Print the effective settings as a config file and exit")
      ->configurable(false);
  app.require_subcommand(0, 1);

  // Capture
  app.add_option("-W,--width", s.width, "Webcam width to ask for")
      ->capture_default_str()
      ->check(CLI::Range(16, 8192))
      ->group("Webcam");
  app.add_option("-H,--height", s.height, "Webcam height to ask for")
      ->capture_default_str()
      ->check(CLI::Range(16, 8192))
      ->group("Webcam");
  app.add_option("-F,--fps", s.fps, "Webcam frame rate to ask for (also the output rate)")
      ->capture_default_str()
      ->check(CLI::Range(1, 240))
      ->group("Webcam");
  app.add_option("-C,--codec", s.codec, "Webcam format: auto (MJPG, else YUYV), MJPG or YUYV")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "MJPG", "YUYV"}, CLI::ignore_case))
      ->group("Webcam");
  app.add_option("-w,--webcam-path", s.webcam_path, "Real webcam device")->capture_default_str()->group("Webcam");
  app.add_option("--input", s.input, "Use a video or image file (looped) instead of a webcam")->group("Webcam");
  app.add_flag("--hflip", s.hflip, "Mirror the picture left-right")->group("Webcam");
  app.add_flag("--vflip", s.vflip, "Flip the picture upside down")->group("Webcam");

  // Segmentation
  app.add_option("--model", s.model, "auto (landscape for wide frames), general, landscape, or a .tflite file")
      ->capture_default_str()
      ->group("Segmentation");
  app.add_option("--threads", s.threads,
                 "Inference threads for a .tflite model file; the built-in models always run on 1, "
                 "which is fastest for them (more measured slower, far slower on a busy machine)")
      ->capture_default_str()
      ->check(CLI::Range(1, 64))
      ->group("Segmentation");
  app.add_option("-S,--scale-factor", s.scale_factor,
                 "Seed option: the image size sent to BodyPix. Not needed: the model always sees its own input size")
      ->group("Segmentation");
  app.add_option("-B,--bodypix-url", s.bodypix_url,
                 "Seed option: the BodyPix server. Not needed: segmentation runs inside fakecam")
      ->group("Segmentation");

  // Background and effects
  app.add_option("-i,--image-folder", s.image_folder,
                 "Folder searched for background.*, foreground.* and foreground-mask.*")
      ->capture_default_str()
      ->group("Background");
  app.add_option("-b,--background-image", s.background_image,
                 "Background image or video (default: background.* in the image folder; none: blur)")
      ->group("Background");
  app.add_flag("--no-background", s.no_background, "Keep the real background (only effects and foreground apply)")
      ->group("Background");
  app.add_flag("--tile-background", s.tile_background, "Tile the background image at its own size")
      ->group("Background");
  app.add_flag("--background-keep-aspect", s.background_keep_aspect,
               "Fit the whole background image inside the frame (letterbox)")
      ->group("Background");
  app.add_flag("--background-stretch", s.background_stretch,
               "Stretch the background image to the frame, ignoring its aspect")
      ->group("Background");
  app.add_option("--background-colour,--background-color", s.background_colour,
                 "Solid background colour: #RRGGBB or a name (black, white, green, ...)")
      ->group("Background");
  cli.blur_option = app.add_option("--blur", cli.blur_args,
                                   "Blur the background (the real one, or the image or video given); optional STRENGTH "
                                   "1-100 (default 50). The default when no background image is found")
                        ->expected(0, 1)
                        ->group("Background");
  app.add_option("--threshold", s.threshold, "Person confidence threshold: 0..1, or a percentage with % (60%)")
      ->capture_default_str()
      ->transform(fraction_or_percent())
      ->group("Background");
  app.add_flag("--no-foreground", s.no_foreground, "Do not overlay the foreground image")->group("Background");
  app.add_option("-f,--foreground-image", s.foreground_image,
                 "Foreground image drawn over the result (default: foreground.* in the image folder)")
      ->group("Background");
  app.add_option("-m,--foreground-mask-image", s.foreground_mask_image,
                 "Mask of the foreground image, white = opaque (default: foreground-mask.*)")
      ->group("Background");
  app.add_flag("--hologram", s.hologram, "Hologram effect on the person")->group("Background");
  // The successor's layers: one small language, documented in the footer.
  // Join: given twice on the command line, the items are joined.
  app.add_option("--background", s.background_spec,
                 "The background layer as ITEMS, e.g. file=beach.mp4,blur=20 (see below)")
      ->multi_option_policy(CLI::MultiOptionPolicy::Join)
      ->group("Background");
  app.add_option("--selfie", s.selfie_spec, "Effects on the person as ITEMS, e.g. hologram,opacity=90 (see below)")
      ->multi_option_policy(CLI::MultiOptionPolicy::Join)
      ->group("Background");
  app.add_option("--mask", s.mask_spec,
                 "The foreground overlay as ITEMS, e.g. foreground=podium.png,mask-file=podium-mask.png,opacity=80")
      ->multi_option_policy(CLI::MultiOptionPolicy::Join)
      ->group("Background");
  app.add_option("--soft-edge", s.soft_edge,
                 "Width of the person's soft edge, as confidence around --threshold: 0 = hard, 1 = very soft (or a "
                 "percentage with %)")
      ->capture_default_str()
      ->transform(fraction_or_percent())
      ->group("Background");
  app.add_flag("--no-refine-edges", s.no_refine_edges,
               "Do not refine the mask's edge along the picture's edges (plain upsampling: faster, blockier)")
      ->group("Background");
  app.add_option("--background-mask-update-speed", s.mask_update_speed,
                 "Percent of a new mask taken per frame where the picture is still, against flicker (100 = no "
                 "smoothing); where it moves, the mask follows at once")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 100.0))
      ->group("Background");
  app.add_option("--light-wrap", s.light_wrap,
                 "Let the background's light spill over the person's edge, 0-100 (0 = off; 30-60 looks natural)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100))
      ->group("Background");
  app.add_option("--light", s.light,
                 "Portrait light: brighten the person and their local contrast, dim the background, 0-100 (0 = off; "
                 "30-60 looks natural)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100))
      ->group("Background");
  app.add_option("--denoise", s.denoise,
                 "Low-light denoising: average frames where the picture is still, smooth a little where it moves, "
                 "0-100 (0 = off)")
      ->capture_default_str()
      ->check(CLI::Range(0, 100))
      ->group("Background");
  app.add_option("--foreground-opacity", s.foreground_opacity, "Opacity of the foreground overlay, 0-100")
      ->capture_default_str()
      ->check(CLI::Range(0, 100))
      ->group("Background");
  app.add_option("--cmap-person", s.cmap_person, "Seed option: a colour map on the person (viridis, jet, ocean, ...)")
      ->group("Background");
  app.add_option("--cmap-bg", s.cmap_bg, "Seed option: a colour map on the background")->group("Background");
  app.footer(compose_help());

  // Auto-framing (compose/framing)
  app.add_option("--framing", s.framing,
                 "auto: keep the person framed head-and-shoulders, the crop following them smoothly (the webcam is "
                 "captured larger than the output when it can); off: the whole view")
      ->capture_default_str()
      ->check(CLI::IsMember({"auto", "off"}))
      ->group("Framing");
  app.add_option("--framing-zoom", s.framing_zoom, "Auto-framing zooms in at most this much (1-4)")
      ->capture_default_str()
      ->check(CLI::Range(1.0, 4.0))
      ->group("Framing");

  // Output
  app.add_option("-v,--v4l2loopback-path", s.v4l2loopback_path,
                 "Virtual camera device (v4l2loopback or akvcam; default: the v4l2loopback device labelled fakecam, "
                 "else the only one); - writes a y4m stream to stdout; pipewire: or pipewire:NAME publishes only a "
                 "PipeWire camera")
      ->group("Output");
  app.add_flag("--pipewire", s.pipewire,
               "Publish a PipeWire camera (OBS, browsers, pw-v4l2; no kernel module): alone, or beside the -v device "
               "or --output when one is given")
      ->group("Output");
  app.add_option("--pipewire-name", s.pipewire_name, "The PipeWire camera's node name and description")
      ->capture_default_str()
      ->group("Output");
  app.add_flag("--akvcam", s.akvcam, "The -v device is an akvcam output device, not v4l2loopback")->group("Output");
  app.add_option("--output", s.output, "Write a y4m stream to this file instead of a virtual camera")->group("Output");
  app.add_option("--pixel-format", s.pixel_format,
                 "v4l2loopback pixel format: yuyv (what Chrome, Firefox and Zoom accept), i420, nv12")
      ->capture_default_str()
      ->check(CLI::IsMember({"yuyv", "i420", "nv12"}, CLI::ignore_case))
      ->group("Output");
  app.add_flag("--no-ondemand", s.no_ondemand, "Process even when no program reads the virtual camera")
      ->group("Output");
  app.add_option("--frames", s.frames, "Stop after this many output frames (0: run until stopped)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber)
      ->group("Output");

  // CPU and control
  app.add_option(
         "--max-fps", s.max_fps,
         "Segment and compose at most this many frames per second; the output keeps -F by repeating frames (0: all)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 240.0))
      ->group("CPU");
  app.add_option(
         "--motion-threshold", s.motion_threshold,
         "Reuse the last mask while the picture changes less than this (mean 8-bit levels; 0: always run the model)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 255.0))
      ->group("CPU");
  app.add_option("--control-socket", s.control_socket,
                 "UNIX socket for `fakecam ctl` (default: $XDG_RUNTIME_DIR/fakecam/<output device>.sock)")
      ->group("CPU");

  // Program
  app.add_flag_callback(
      "-q,--quiet", [&s] { s.verbosity = 0; }, "Only warnings and errors");
  app.add_flag_callback(
      "--verbose", [&s] { s.verbosity = 2; }, "Debug messages");
  app.add_flag_callback(
      "--no-status", [&s] { s.status = false; }, "No live status line on the terminal");
  app.add_flag(
      "--preview", s.preview,
      "Open a preview window beside the camera, as `fakecam preview` (q closes the window, the camera goes on)");
  app.add_flag("--check", s.check,
               "Check the webcam, model, images and virtual camera, print what is wrong and how to fix it, and exit "
               "(0: all good)")
      ->configurable(false);

  add_segment_command(app, cli.segment);
  add_ctl_command(app, cli.ctl);
  preview::add_preview_command(app, cli.preview);
}

CommandLine::CommandLine() = default;
CommandLine::~CommandLine() = default;

Command chosen_command(const CommandLine& cli) {
  if (cli.app->got_subcommand("segment")) return Command::segment;
  if (cli.app->got_subcommand("ctl")) return Command::ctl;
  if (cli.app->got_subcommand("preview")) return Command::preview;
  return Command::camera;
}

std::optional<int> parse_arguments_or_exit_status(CommandLine& cli, int argc, const char* const* argv) {
  try {
    parse_arguments(cli, argc, argv);
    return std::nullopt;
  } catch (const CLI::ParseError& e) {
    // --help and --version are printed by CLI11; a mistake on the command
    // line is one line and exit status 1, like every other fakecam error.
    if (e.get_exit_code() == static_cast<int>(CLI::ExitCodes::Success)) return cli.app->exit(e);
    fmt::print(stderr, "fakecam: {} (fakecam --help lists the options)\n", e.what());
    return 1;
  }
}

void parse_arguments(CommandLine& cli, int argc, const char* const* argv) {
  check_values_are_not_options(*cli.app, std::vector<std::string>(argv + std::min(argc, 1), argv + argc));
  try {
    cli.app->parse(argc, argv);
  } catch (const CLI::ExtrasError& e) {
    // A mistyped long option: name the one that was probably meant.
    for (const std::string& extra : cli.app->remaining()) {
      if (extra.rfind("--", 0) != 0) continue;
      const std::string hint = did_you_mean(*cli.app, extra.substr(2, extra.find('=') - 2), "--");
      if (!hint.empty())
        throw CLI::ExtrasError(fmt::format("{}: no such option{}", extra, hint), CLI::ExitCodes::ExtrasError);
    }
    throw;
  }
}

std::vector<std::string> finish_settings(CommandLine& cli) {
  Settings& s = cli.settings;
  std::vector<std::string> notes;
  if (cli.app->count("--config") > 0) {
    apply_config_file(*cli.app, cli.config_file);
  } else if (std::error_code ec; !cli.default_config.empty() && std::filesystem::exists(cli.default_config, ec)) {
    apply_config_file(*cli.app, cli.default_config);
  }
  if (cli.blur_option->count() > 0) {
    int strength = kDefaultBlur;
    if (!cli.blur_args.empty() && !cli.blur_args.front().empty()) {
      try {
        std::size_t used = 0;
        strength = std::stoi(cli.blur_args.front(), &used);
        if (used != cli.blur_args.front().size()) throw std::invalid_argument("trailing");
      } catch (const std::exception&) {
        fail("--blur {}: the strength must be a whole number from 1 to 100", cli.blur_args.front());
      }
    }
    if (strength < 1 || strength > 100) fail("--blur {}: the strength must be from 1 to 100", strength);
    s.blur = strength;
  }
  s.width_given = cli.app->count("--width") > 0;
  s.height_given = cli.app->count("--height") > 0;
  if (flag_is_on(*cli.app->get_option("--quiet")) && flag_is_on(*cli.app->get_option("--verbose"))) {
    fail("-q/--quiet and --verbose contradict each other; choose one");
  }
  if (s.scale_factor) {
    notes.push_back(
        fmt::format("-S/--scale-factor {} is accepted for compatibility and has no effect: the segmentation "
                    "model always sees the whole frame at its own input size (256x144 or 256x256)",
                    *s.scale_factor));
  }
  if (s.bodypix_url) {
    notes.push_back(
        fmt::format("-B/--bodypix-url {} is not used: fakecam runs the segmentation model itself, "
                    "no BodyPix server is needed",
                    *s.bodypix_url));
  }
  finish_compose_flags(s);
  finish_pipewire_flags(cli);
  if (!s.output.empty() && cli.app->count("--v4l2loopback-path") > 0 && !pipewire_only(s)) {
    fail("--output {} and -v {}: two outputs; give one of them (--pipewire may go beside either)", s.output,
         s.v4l2loopback_path);
  }
  refuse_output_over_an_input(s, cli.app->count("--config") > 0 ? cli.config_file : cli.default_config.string());
  if (s.akvcam && (!s.output.empty() || s.v4l2loopback_path == "-"))
    fail("--akvcam needs an akvcam device as -v, not a y4m stream");
  if (s.akvcam && pipewire_only(s)) fail("--akvcam needs an akvcam device as -v, not {}", s.v4l2loopback_path);
  if (s.width % 2 != 0 || s.height % 2 != 0)
    fail("-W/-H {}x{}: width and height must be even (video formats subsample colour by 2)", s.width, s.height);
  return notes;
}

std::string dump_config(const CommandLine& cli) {
  // Only options a config file may set, each with its effective value;
  // unset optional values are left out so the output reads back as the same
  // settings.
  std::string out = "# fakecam configuration (fakecam -c FILE); keys are the long option names\n";
  for (const CLI::Option* opt : cli.app->get_options()) {
    const std::string name = opt->get_single_name();
    if (name.size() < 2 || !opt->get_configurable()) continue;
    std::string value;
    if (opt == cli.blur_option) {
      if (!cli.settings.blur) continue;
      value = std::to_string(*cli.settings.blur);
    } else if (name == "v4l2loopback-path" || name == "pipewire" || name == "pipewire-name") {
      // finish_settings() resolved these together (-v pipewire:NAME); the
      // resolved values read back as the same outputs.
      const Settings& s = cli.settings;
      value = name == "pipewire"        ? (s.pipewire ? "true" : "false")
              : name == "pipewire-name" ? s.pipewire_name
                                        : s.v4l2loopback_path;
    } else if (opt->get_expected_max() == 0) {  // a flag (CLI11 2.1 gives flags type size 1)
      value = flag_is_on(*opt) ? "true" : "false";
    } else if (opt->count() > 0) {
      // What the option took (a layer spec given twice: both, joined).
      const CLI::results_t taken = opt->reduced_results();
      value = taken.empty() ? std::string() : taken.back();
    } else {
      value = opt->get_default_str();
    }
    if (value.empty()) continue;
    // A layer spec given twice was joined with newlines; one line holds it with commas.
    std::replace(value.begin(), value.end(), '\n', ',');
    out += fmt::format("{} = {}\n", name, quote_config_value(value));
  }
  return out;
}

}  // namespace fakecam::app
