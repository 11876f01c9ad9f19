// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/control/control_commands.hpp"

#include <fmt/format.h>

#include <sstream>

#include "app/fraction_arg.hpp"
#include "common/error.hpp"
#include "compose/colour.hpp"
#include "compose/effects/denoise.hpp"
#include "compose/effects/portrait_light.hpp"

namespace fakecam::app {

namespace {

struct Verb {
  const char* name;
  std::size_t min_args;
  std::size_t max_args;
  const char* usage;
};

// Every request `fakecam ctl` knows; the arguments of each are counted here
// so that an extra or missing word is an error, never silently dropped.
constexpr Verb kVerbs[] = {
    {"status", 0, 0, "status"},
    {"background", 1, 2, "background none | blur [STRENGTH] | colour COLOUR | FILE [FIT]"},
    {"threshold", 1, 1, "threshold VALUE"},
    {"light", 1, 1, "light STRENGTH"},
    {"denoise", 1, 1, "denoise STRENGTH"},
    {"pause", 0, 0, "pause"},
    {"resume", 0, 0, "resume"},
    {"reload", 0, 0, "reload"},
    {"framing", 1, 1, "framing auto | off"},
    {"help", 0, 0, "help"},
    {"preview", 0, 0, "preview"},
};

std::string verb_names() {
  std::string names;
  for (const Verb& v : kVerbs) names += (names.empty() ? "" : ", ") + std::string(v.name);
  return names;
}

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

compose::ImageFit parse_fit(const std::string& text) {
  if (text == "cover") return compose::ImageFit::cover;
  if (text == "fit" || text == "keep-aspect") return compose::ImageFit::fit;
  if (text == "tile") return compose::ImageFit::tile;
  if (text == "stretch") return compose::ImageFit::stretch;
  fail("fit '{}': expected cover, fit, tile or stretch", text);
}

bool is_colour_word(const std::string& w) { return w == "colour" || w == "color"; }

// background FILE / background file=FILE: the second word names a file.
bool names_a_file(const std::string& kind) { return kind != "none" && kind != "blur" && !is_colour_word(kind); }

void expect_no_more(const std::vector<std::string>& w, std::size_t count, const char* usage) {
  if (w.size() > count) fail("background: unexpected '{}'; usage: {}", w[count], usage);
}

// background none | blur [N] | colour C | FILE [fit]
void change_background(const std::vector<std::string>& w, compose::ComposeSettings& s) {
  const std::string& kind = w[1];
  if (kind == "none") {
    expect_no_more(w, 2, "background none");
    s.background = compose::BackgroundKind::none;
  } else if (kind == "blur") {
    s.background = compose::BackgroundKind::blur;
    if (w.size() > 2) s.blur_strength = parse_int(w[2], "blur strength", 1, compose::kMaxBlurStrength);
  } else if (is_colour_word(kind)) {
    if (w.size() < 3) fail("background colour: which colour? ({})", compose::colour_names());
    s.background = compose::BackgroundKind::colour;
    s.colour = compose::parse_colour(w[2]);
  } else {
    std::string file = kind.rfind("file=", 0) == 0 ? kind.substr(5) : kind;
    if (file.empty()) fail("background file=: which file?");
    s.background = compose::BackgroundKind::image;
    s.image_path = file;
    if (w.size() > 2) s.fit = parse_fit(w[2]);
  }
}

// The status lines about the background, as `background` requests word it
// (the preview window's 'b' key reads them to know where it is in its cycle).
std::string describe_background(const compose::ComposeSettings& s) {
  std::string kind;
  switch (s.background) {
    case compose::BackgroundKind::none:
      kind = "none";
      break;
    case compose::BackgroundKind::blur:
      kind = fmt::format("blur {}", s.blur_strength);
      break;
    case compose::BackgroundKind::colour:
      kind = fmt::format("colour #{:02x}{:02x}{:02x}", s.colour[2], s.colour[1], s.colour[0]);
      break;
    case compose::BackgroundKind::image:
      kind = "image";
      break;
  }
  std::string out = "background: " + kind;
  if (!s.image_path.empty()) out += "\nbackground image: " + s.image_path.string();
  return out;
}

}  // namespace

std::string control_help() {
  return "status                      what the running fakecam does (fps, stages, latency, readers)\n"
         "background none             the real background, unchanged\n"
         "background blur [STRENGTH]  blur the real background (1-100)\n"
         "background colour COLOUR    a solid colour (#RRGGBB or a name)\n"
         "background FILE [FIT]       an image (FIT: cover, fit, tile, stretch)\n"
         "threshold VALUE             person confidence threshold (0..1, or 60%)\n"
         "light STRENGTH              portrait light on the person (0-100, 0 = off)\n"
         "denoise STRENGTH            low-light denoising (0-100, 0 = off)\n"
         "pause | resume              stop processing (black frames, webcam released) / go on\n"
         "reload                      re-read the image files (as Ctrl-C does)\n"
         "framing auto | off          keep the person framed head-and-shoulders / the whole view\n"
         "preview                     what `fakecam preview` sends: attach a preview window (passes a frame ring)\n"
         "help                        this list";
}

void check_request_words(const std::vector<std::string>& words) {
  if (words.empty()) fail("empty request; the requests are {} (`fakecam ctl help` explains them)", verb_names());
  for (const Verb& v : kVerbs) {
    if (words[0] != v.name) continue;
    const std::size_t args = words.size() - 1;
    if (args < v.min_args) fail("{}: missing argument; usage: {}", v.name, v.usage);
    if (args > v.max_args) fail("{}: unexpected '{}'; usage: {}", v.name, words[1 + v.max_args], v.usage);
    return;
  }
  fail("unknown request '{}'; the requests are {} (`fakecam ctl help` explains them)", words[0], verb_names());
}

std::vector<std::string> with_absolute_paths(std::vector<std::string> words, const std::filesystem::path& cwd) {
  if (words.size() < 2 || words[0] != "background" || !names_a_file(words[1])) return words;
  std::string& arg = words[1];
  const bool prefixed = arg.rfind("file=", 0) == 0;
  const std::filesystem::path file = prefixed ? arg.substr(5) : arg;
  if (file.empty() || file.is_absolute()) return words;
  arg = (prefixed ? "file=" : "") + (cwd / file).lexically_normal().string();
  return words;
}

ControlReply handle_control_request(const std::string& request, ControlTarget& target) {
  const std::vector<std::string> w = words_of(request);
  try {
    check_request_words(w);
    const std::string& verb = w[0];
    if (verb == "help") return {true, control_help()};
    if (verb == "status") return {true, target.status() + "\n" + describe_background(target.compose_settings())};
    if (verb == "preview") return target.attach_preview();
    if (verb == "pause" || verb == "resume") {
      target.set_paused(verb == "pause");
      return {true, verb == "pause" ? "paused" : "resumed"};
    }
    if (verb == "reload") {
      target.reload();
      return {true, "reloading"};
    }
    if (verb == "framing") {
      if (w[1] != "auto" && w[1] != "off") fail("framing '{}': expected auto or off", w[1]);
      target.set_framing(w[1] == "auto");
      return {true, "framing " + w[1]};
    }
    compose::ComposeSettings settings = target.compose_settings();
    if (verb == "background") {
      change_background(w, settings);
    } else if (verb == "light") {
      settings.light = parse_int(w[1], "light", 0, compose::kMaxPortraitLight);
    } else if (verb == "denoise") {
      settings.denoise = parse_int(w[1], "denoise", 0, compose::kMaxDenoise);
    } else {  // threshold, the only verb left
      settings.mask.threshold = static_cast<float>(parse_fraction_or_percent(w[1], "threshold"));
    }
    target.apply_compose_settings(settings);
    return {true, "done"};
  } catch (const Error& e) {
    return {false, e.what()};
  }
}

}  // namespace fakecam::app
