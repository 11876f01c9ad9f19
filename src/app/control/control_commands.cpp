#include "app/control/control_commands.hpp"

#include <sstream>
#include <vector>

#include "common/error.hpp"
#include "compose/colour.hpp"

namespace fakecam::app {

namespace {

std::vector<std::string> words_of(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> words;
  for (std::string w; in >> w;) words.push_back(w);
  return words;
}

int parse_int(const std::string& text, const char* what, int lo, int hi) {
  try {
    std::size_t used = 0;
    const int v = std::stoi(text, &used);
    if (used == text.size() && v >= lo && v <= hi) return v;
  } catch (const std::exception&) {
  }
  fail("{} '{}': expected a whole number from {} to {}", what, text, lo, hi);
}

double parse_fraction(const std::string& text, const char* what) {
  try {
    std::size_t used = 0;
    double v = std::stod(text, &used);
    if (used == text.size()) {
      if (v > 1.0 && v <= 100.0) v /= 100.0;
      if (v >= 0.0 && v <= 1.0) return v;
    }
  } catch (const std::exception&) {
  }
  fail("{} '{}': expected 0..1 or a percentage", what, text);
}

compose::ImageFit parse_fit(const std::string& text) {
  if (text == "cover") return compose::ImageFit::cover;
  if (text == "fit" || text == "keep-aspect") return compose::ImageFit::fit;
  if (text == "tile") return compose::ImageFit::tile;
  if (text == "stretch") return compose::ImageFit::stretch;
  fail("fit '{}': expected cover, fit, tile or stretch", text);
}

// background none | blur [N] | colour C | FILE [fit]
void change_background(const std::vector<std::string>& w, compose::ComposeSettings& s) {
  if (w.size() < 2) fail("background: say none, blur [STRENGTH], colour COLOUR or an image file");
  const std::string& kind = w[1];
  if (kind == "none") {
    s.background = compose::BackgroundKind::none;
  } else if (kind == "blur") {
    s.background = compose::BackgroundKind::blur;
    if (w.size() > 2) s.blur_strength = parse_int(w[2], "blur strength", 1, compose::kMaxBlurStrength);
  } else if (kind == "colour" || kind == "color") {
    if (w.size() < 3) fail("background colour: which colour? ({})", compose::colour_names());
    s.background = compose::BackgroundKind::colour;
    s.colour = compose::parse_colour(w[2]);
  } else {
    std::string file = kind.rfind("file=", 0) == 0 ? kind.substr(5) : kind;
    s.background = compose::BackgroundKind::image;
    s.image_path = file;
    if (w.size() > 2) s.fit = parse_fit(w[2]);
  }
}

}  // namespace

std::string control_help() {
  return "status                      what the running fakecam does (fps, stages, latency, readers)\n"
         "background none             the real background, unchanged\n"
         "background blur [STRENGTH]  blur the real background (1-100)\n"
         "background colour COLOUR    a solid colour (#RRGGBB or a name)\n"
         "background FILE [FIT]       an image (FIT: cover, fit, tile, stretch)\n"
         "threshold VALUE             person confidence threshold (0..1 or a percentage)\n"
         "pause | resume              stop processing (black frames, webcam released) / go on\n"
         "reload                      re-read the image files (as Ctrl-C does)";
}

ControlReply handle_control_request(const std::string& request, ControlTarget& target) {
  const std::vector<std::string> w = words_of(request);
  try {
    if (w.empty() || w[0] == "help") return {true, control_help()};
    const std::string& verb = w[0];
    if (verb == "status") return {true, target.status()};
    if (verb == "pause" || verb == "resume") {
      target.set_paused(verb == "pause");
      return {true, verb == "pause" ? "paused" : "resumed"};
    }
    if (verb == "reload") {
      target.reload();
      return {true, "reloading"};
    }
    compose::ComposeSettings settings = target.compose_settings();
    if (verb == "background") {
      change_background(w, settings);
    } else if (verb == "threshold" && w.size() == 2) {
      settings.mask.threshold = static_cast<float>(parse_fraction(w[1], "threshold"));
    } else {
      return {false, "unknown request '" + request + "'; `fakecam ctl help` lists them"};
    }
    target.apply_compose_settings(settings);
    return {true, "done"};
  } catch (const Error& e) {
    return {false, e.what()};
  }
}

}  // namespace fakecam::app
