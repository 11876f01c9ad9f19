// SPDX-License-Identifier: GPL-3.0-or-later
// mask_eval: how good are fakecam's masks? Before and after refinement and
// temporal smoothing, on clips made from the test photos by moving a virtual
// camera over them (so the true motion is known), and optionally on a real
// video with hand-drawn masks (DAVIS 2016 "lucia", read from ../shared, never
// copied into the repository).
//
//   mask_eval [--out DIR] [--size 640x360] [--frames 30] [--davis DIR]
//
// Prints tables (markdown) and writes one contact sheet PNG per photo:
// frame | raw mask | refined mask | composite before | composite after, and
// the same zoomed on the stretch of edge with the most outline.

#include <CLI/CLI.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "clips.hpp"
#include "common/error.hpp"
#include "compose/kernels/blend.hpp"
#include "compose/mask/mask_pipeline.hpp"
#include "contact_sheet.hpp"
#include "media/image_io.hpp"
#include "metrics.hpp"
#include "segment/model_catalog.hpp"
#include "segment/segmenter.hpp"
#include "successor.hpp"

namespace fakecam::tools {
namespace {

namespace fs = std::filesystem;
using compose::MaskPipeline;

struct Variant {
  std::string name;
  bool refine;
  float still_rate;
  bool motion_aware;
  bool successor = false;  // lfbw's post-processing instead of fakecam's (successor.hpp)
  bool stabilise = true;   // the refiner's coefficients averaged where the mask is still
};

struct Options {
  fs::path data = fs::path(FAKECAM_SOURCE_DIR) / "tests/data/selfie-ref/general";
  fs::path davis = fs::path(FAKECAM_SOURCE_DIR) / "../shared/data/davis16-video-lucia";
  fs::path out = "mask-eval";
  std::string size = "640x360";
  int frames = 30;
  double noise = 2.0;
  float still_rate = compose::TemporalSettings{}.still_rate;
  float eps = compose::RefineSettings{}.eps;
  int radius = compose::RefineSettings{}.radius;
  float stable_rate = compose::RefineSettings{}.stable_rate;
  float ramp = compose::MaskSettings{}.ramp;
  bool no_davis = false;
  bool no_photos = false;
};

std::vector<Variant> variants(const Options& o) {
  return {
      {"bilinear (raw)", false, 1.0f, true},
      {"successor (lfbw: threshold, dilate, blur, 50% update)", false, 1.0f, false, true},
      {"smoothed", false, o.still_rate, true},
      {"refined, not stabilised (before)", true, 1.0f, true, false, false},
      {"refined", true, 1.0f, true},
      {"refined+smoothed, not stabilised (before)", true, o.still_rate, true, false, false},
      {"refined+smoothed (fakecam)", true, o.still_rate, true},
  };
}

// One variant's masks, frame after frame.
class MaskMaker {
 public:
  MaskMaker(const Variant& v, const Options& o);
  void run(const cv::Mat& frame, const cv::Mat& model_mask, cv::Mat& alpha) {
    if (pipeline_) {
      pipeline_->run(frame, model_mask, alpha);
    } else {
      successor_.run(model_mask, frame.size(), alpha);
    }
  }

 private:
  std::optional<MaskPipeline> pipeline_;
  SuccessorMask successor_;
};

MaskMaker::MaskMaker(const Variant& v, const Options& o) {
  if (v.successor) return;
  compose::MaskSettings mask;
  mask.ramp = o.ramp;
  compose::RefineSettings refine;
  refine.enabled = v.refine;
  refine.eps = o.eps;
  refine.radius = o.radius;
  refine.stable_rate = v.stabilise ? o.stable_rate : 1.0f;
  compose::TemporalSettings temporal;
  temporal.still_rate = v.still_rate;
  temporal.motion_aware = v.motion_aware;
  pipeline_.emplace(mask, refine, temporal);
}

cv::Mat composite(const cv::Mat& frame, const cv::Mat& alpha) {
  const cv::Mat green(frame.size(), CV_8UC3, cv::Scalar(60, 170, 40));
  cv::Mat out;
  compose::Blender().run(frame, green, alpha, out);
  return out;
}

// The square (40% of the frame height) with the most mask edge in it, away
// from the frame border: where the refinement shows.
cv::Rect edge_crop(const cv::Mat& alpha) {
  const int side = std::max(16, std::min(alpha.rows, alpha.cols) * 2 / 5);
  cv::Mat contour = contour_pixels(alpha);
  contour.rowRange(0, 4).setTo(0);
  contour.rowRange(contour.rows - 4, contour.rows).setTo(0);
  contour.colRange(0, 4).setTo(0);
  contour.colRange(contour.cols - 4, contour.cols).setTo(0);
  cv::Mat sum;
  cv::integral(contour / 255, sum, CV_32S);
  cv::Rect best(0, 0, side, side);
  int most = -1;
  for (int y = 0; y + side <= alpha.rows; y += side / 8) {
    for (int x = 0; x + side <= alpha.cols; x += side / 8) {
      const int n =
          sum.at<int>(y + side, x + side) - sum.at<int>(y, x + side) - sum.at<int>(y + side, x) + sum.at<int>(y, x);
      if (n > most) {
        most = n;
        best = cv::Rect(x, y, side, side);
      }
    }
  }
  return best & cv::Rect(0, 0, alpha.cols, alpha.rows);
}

struct Scores {
  std::vector<double> values;
  void add(double v) {
    if (std::isfinite(v)) values.push_back(v);
  }
  double mean() const {
    double sum = 0;
    for (double v : values) sum += v;
    return values.empty() ? NAN : sum / static_cast<double>(values.size());
  }
  double median() const {
    if (values.empty()) return NAN;
    std::vector<double> v = values;
    std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
    return v[v.size() / 2];
  }
};

// metric -> variant -> scores, over photos.
using Table = std::map<std::string, std::map<std::string, Scores>>;

// A table cell; "n/a" where the measure has no value (a photo with no person
// has no edge to track; the frames themselves have no mask).
void print_cell(double value, int decimals) {
  if (std::isnan(value)) {
    std::printf(" n/a |");
  } else {
    std::printf(" %.*f |", decimals, value);
  }
}

void print_table(const std::string& title, const Table& table, const std::vector<Variant>& vs,
                 const std::vector<std::string>& metrics) {
  std::printf("\n### %s\n\n| variant |", title.c_str());
  for (const auto& m : metrics) std::printf(" %s |", m.c_str());
  std::printf("\n|---|");
  for (std::size_t i = 0; i < metrics.size(); ++i) std::printf("---|");
  std::printf("\n");
  std::vector<std::string> names;
  for (const Variant& v : vs) names.push_back(v.name);
  for (const auto& [metric, by_variant] : table) {
    for (const auto& entry : by_variant) {
      const std::string& name = entry.first;
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  for (const std::string& name : names) {
    std::printf("| %s |", name.c_str());
    for (const auto& m : metrics) {
      const auto it = table.find(m);
      // "median" metrics are medians over the photos (one photo whose mask
      // the measure cannot follow should not hide the rest); others are means.
      const bool median = m.find("median") != std::string::npos;
      const Scores* scores = it == table.end() || !it->second.count(name) ? nullptr : &it->second.at(name);
      const double value = scores == nullptr ? NAN : median ? scores->median() : scores->mean();
      print_cell(value, 3);
    }
    std::printf("\n");
  }
}

std::vector<fs::path> photos(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() == ".png" && name.find("_ref") == std::string::npos) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  if (out.empty()) fail("{}: no photos (*.png without _ref)", dir.string());
  return out;
}

cv::Size parse_size(const std::string& text) {
  int w = 0, h = 0;
  if (std::sscanf(text.c_str(), "%dx%d", &w, &h) != 2 || w < 32 || h < 32) fail("--size {}: use WIDTHxHEIGHT", text);
  return {w, h};
}

void evaluate_photos(const Options& o, Table& still, Table& pan, Table& zoom,
                     std::map<std::string, std::map<std::string, double>>& per_photo) {
  const cv::Size size = parse_size(o.size);
  auto segmenter = segment::Segmenter::open(segment::choose_model("auto", size.width, size.height), 1);
  const std::vector<Variant> vs = variants(o);
  for (const fs::path& photo : photos(o.data)) {
    const std::string name = photo.stem().string();
    cv::Mat world;
    cv::resize(media::read_image_bgr(photo), world, {}, 4, 4, cv::INTER_CUBIC);
    std::map<std::string, cv::Mat> last_alpha;  // still clip, last frame, per variant
    cv::Mat last_frame;
    for (const std::string kind : {"still", "pan", "zoom"}) {
      const Clip clip = make_clip(kind, world, size, o.frames, o.noise, 7);
      std::vector<cv::Mat> masks;
      for (const cv::Mat& frame : clip.frames)
        masks.push_back(segmenter.segment(frame, segment::PixelOrder::bgr).clone());
      if (kind == std::string("pan")) {
        // The measure itself, on the pictures: how well phase correlation
        // finds the known shift (the floor for the masks' tracking error).
        cv::Mat g0, gt;
        cv::cvtColor(clip.frames.front(), g0, cv::COLOR_BGR2GRAY);
        Scores floor;
        for (std::size_t t = 1; t < clip.frames.size(); ++t) {
          cv::cvtColor(clip.frames[t], gt, cv::COLOR_BGR2GRAY);
          const cv::Point2d est = estimate_shift(g0, gt);
          floor.add(std::hypot(est.x - 1.5 * static_cast<double>(t), est.y - 0.5 * static_cast<double>(t)));
        }
        pan["edge tracking error (px, median)"]["(the frames themselves)"].add(floor.mean());
      }
      for (const Variant& v : vs) {
        MaskMaker maker(v, o);
        std::vector<cv::Mat> alphas(clip.frames.size());
        for (std::size_t t = 0; t < clip.frames.size(); ++t) maker.run(clip.frames[t], masks[t], alphas[t]);
        Scores change, compensated, track;
        for (std::size_t t = 1; t < alphas.size(); ++t) {
          change.add(mean_abs_difference(alphas[t], alphas[t - 1]));
          cv::Mat moved, valid;
          warp(alphas[t - 1], relative_motion(clip.views[t - 1], clip.views[t]), moved, valid);
          compensated.add(mean_abs_difference(alphas[t], moved, valid));
          // A mask with no edge (the model found no person in this view)
          // has no shift to find: phase correlation would return noise.
          if (kind == std::string("pan") && cv::countNonZero(contour_pixels(alphas[0])) > 0 &&
              cv::countNonZero(contour_pixels(alphas[t])) > 0) {
            const cv::Point2d est = estimate_shift(alphas[0], alphas[t]);
            track.add(std::hypot(est.x - 1.5 * static_cast<double>(t), est.y - 0.5 * static_cast<double>(t)));
          }
        }
        if (kind == std::string("still")) {
          // The picture is still (only sensor noise), so the true mask does
          // not change: all the mask's change is flicker.
          still["flicker (grey levels/frame)"][v.name].add(change.mean());
          still["edge band width (px)"][v.name].add(band_width(alphas.back()));
          last_alpha[v.name] = alphas.back();
          last_frame = clip.frames.back();
        } else if (kind == std::string("pan")) {
          pan["change after motion compensation"][v.name].add(compensated.mean());
          pan["edge tracking error (px, median)"][v.name].add(track.mean());
          per_photo[name][v.name] = track.mean();
          pan["edge band width (px)"][v.name].add(band_width(alphas.back()));
        } else {
          zoom["change after motion compensation"][v.name].add(compensated.mean());
        }
      }
    }
    // The contact sheet: before (bilinear) and after (fakecam's pipeline).
    const cv::Mat& before = last_alpha.at(vs.front().name);
    const cv::Mat& after = last_alpha.at(vs.back().name);
    const cv::Rect crop = edge_crop(after);
    const std::vector<std::vector<Tile>> rows = {
        {{"frame", last_frame},
         {"raw mask (bilinear)", before},
         {"refined + smoothed", after},
         {"composite before", composite(last_frame, before)},
         {"composite after", composite(last_frame, after)}},
        {{"frame (zoom)", last_frame(crop)},
         {"raw (zoom)", before(crop)},
         {"refined (zoom)", after(crop)},
         {"before (zoom)", composite(last_frame, before)(crop)},
         {"after (zoom)", composite(last_frame, after)(crop)}},
    };
    const std::vector<std::string> notes = {
        fmt::format("still clip, {} frames at {}, sensor noise {} levels; last frame shown", o.frames, o.size, o.noise),
        fmt::format("before: edge band {:.2f} px", band_width(before)),
        fmt::format("after:  edge band {:.2f} px", band_width(after)),
    };
    fs::create_directories(o.out);
    const fs::path sheet = o.out / (name + ".png");
    media::write_image(sheet, contact_sheet(name + ": before / after edge refinement", notes, rows, 240));
    std::fprintf(stderr, "%s: contact sheet %s\n", name.c_str(), sheet.string().c_str());
  }
}

void evaluate_davis(const Options& o, Table& davis) {
  std::vector<fs::path> frames;
  for (int i = 0;; ++i) {
    const fs::path p = o.davis / fmt::format("{:03d}.jpg", i);
    if (!fs::exists(p)) break;
    frames.push_back(p);
  }
  if (frames.empty()) {
    std::fprintf(stderr, "no DAVIS frames in %s: skipped\n", o.davis.string().c_str());
    return;
  }
  const cv::Mat first = media::read_image_bgr(frames.front());
  auto segmenter = segment::Segmenter::open(segment::choose_model("auto", first.cols, first.rows), 1);
  const double davis_tolerance = 0.008 * std::hypot(first.cols, first.rows);  // DAVIS's boundary threshold
  const std::vector<Variant> vs = variants(o);
  std::vector<cv::Mat> images, truths, masks;
  for (const fs::path& p : frames) {
    images.push_back(media::read_image_bgr(p));
    truths.push_back(cv::imread((o.davis / (p.stem().string() + "_mask.png")).string(), cv::IMREAD_GRAYSCALE));
    masks.push_back(segmenter.segment(images.back(), segment::PixelOrder::bgr).clone());
  }
  Scores truth_change;
  for (std::size_t t = 1; t < truths.size(); ++t) truth_change.add(mean_abs_difference(truths[t], truths[t - 1]));
  const std::size_t shown = images.size() / 2;
  std::map<std::string, cv::Mat> shown_alpha;
  for (const Variant& v : vs) {
    MaskMaker maker(v, o);
    cv::Mat alpha, previous;
    for (std::size_t t = 0; t < images.size(); ++t) {
      maker.run(images[t], masks[t], alpha);
      if (t == shown) shown_alpha[v.name] = alpha.clone();
      davis["edge band width (px)"][v.name].add(band_width(alpha));
      davis["IoU"][v.name].add(iou(alpha, truths[t]));
      davis["boundary F (2 px)"][v.name].add(boundary_f(alpha, truths[t], 2.0));
      davis[fmt::format("boundary F ({:.1f} px, DAVIS)", davis_tolerance)][v.name].add(
          boundary_f(alpha, truths[t], davis_tolerance));
      davis["mean |alpha - truth|"][v.name].add(mean_abs_difference(alpha, truths[t]));
      if (!previous.empty()) {
        // The camera and lucia move: the true mask changes too, and only the
        // change it does not explain counts.
        davis["flicker vs truth (grey levels/frame)"][v.name].add(
            flicker_vs_truth(previous, alpha, truths[t - 1], truths[t]));
        davis["flicker where truth still"][v.name].add(
            flicker_where_truth_still(previous, alpha, truths[t - 1], truths[t]));
      }
      alpha.copyTo(previous);
    }
  }
  const cv::Mat& before = shown_alpha.at(vs.front().name);
  const cv::Mat& after = shown_alpha.at(vs.back().name);
  const cv::Mat& frame = images[shown];
  const cv::Rect crop = edge_crop(truths[shown]);
  const std::vector<std::vector<Tile>> rows = {
      {{"frame", frame},
       {"hand-drawn mask", truths[shown]},
       {"raw mask (bilinear)", before},
       {"refined + smoothed", after}},
      {{"frame (zoom)", frame(crop)},
       {"truth (zoom)", truths[shown](crop)},
       {"raw (zoom)", before(crop)},
       {"refined (zoom)", after(crop)}},
      {{"composite before (zoom)", composite(frame, before)(crop)},
       {"composite after (zoom)", composite(frame, after)(crop)}},
  };
  const std::vector<std::string> notes = {
      fmt::format("frame {} of {}, {}x{}; IoU before {:.3f}, after {:.3f}", shown, images.size(), frame.cols,
                  frame.rows, iou(before, truths[shown]), iou(after, truths[shown])),
  };
  fs::create_directories(o.out);
  media::write_image(o.out / "davis-lucia.png",
                     contact_sheet("DAVIS lucia: before / after edge refinement", notes, rows, 300));
  std::printf("\n(DAVIS lucia: %zu frames %dx%d; the hand-drawn masks themselves change by %.3f grey levels/frame)\n",
              images.size(), first.cols, first.rows, truth_change.mean());
}

}  // namespace
}  // namespace fakecam::tools

int main(int argc, char** argv) {
  using namespace fakecam::tools;
  Options o;
  CLI::App app("mask_eval: temporal stability and edge accuracy of fakecam's masks, before and after refinement");
  app.add_option("--data", o.data, "Folder of test photos (NAME.png)")->capture_default_str();
  app.add_option("--davis", o.davis, "DAVIS 2016 sequence folder (NNN.jpg + NNN_mask.png)")->capture_default_str();
  app.add_flag("--no-davis", o.no_davis, "Skip the DAVIS sequence");
  app.add_flag("--no-photos", o.no_photos, "Skip the clips made from the test photos");
  app.add_option("--out", o.out, "Where the contact sheets go")->capture_default_str();
  app.add_option("--size", o.size, "Frame size of the made clips")->capture_default_str();
  app.add_option("--frames", o.frames, "Frames per clip")->capture_default_str()->check(CLI::Range(3, 1000));
  app.add_option("--noise", o.noise, "Sensor noise (standard deviation, grey levels)")->capture_default_str();
  app.add_option("--still-rate", o.still_rate, "Temporal smoothing rate to evaluate")->capture_default_str();
  app.add_option("--eps", o.eps, "Guided filter eps to evaluate")->capture_default_str();
  app.add_option("--radius", o.radius, "Guided filter radius to evaluate")->capture_default_str();
  app.add_option("--stable-rate", o.stable_rate, "Edge refinement coefficient rate where the mask is still")
      ->capture_default_str()
      ->check(CLI::Range(0.01f, 1.0f));
  app.add_option("--ramp", o.ramp, "Soft edge (confidence ramp) to evaluate")->capture_default_str();
  CLI11_PARSE(app, argc, argv);
  try {
    cv::setNumThreads(1);
    Table still, pan, zoom, davis;
    std::map<std::string, std::map<std::string, double>> tracking;  // photo -> variant -> px
    if (!o.no_photos) evaluate_photos(o, still, pan, zoom, tracking);
    const auto vs = variants(o);
    std::printf(
        "# mask_eval: %s frames, %d per clip, noise %.1f; eps %.4f radius %d stable rate %.2f, still rate %.2f, "
        "ramp %.2f\n",
        o.size.c_str(), o.frames, o.noise, o.eps, o.radius, o.stable_rate, o.still_rate, o.ramp);
    if (!o.no_photos) {
      print_table("Still camera (flicker; edge sharpness on the last frame)", still, vs,
                  {"flicker (grey levels/frame)", "edge band width (px)"});
      print_table("Pan, 1.5 px/frame right, 0.5 down (the mask must move with the picture)", pan, vs,
                  {"change after motion compensation", "edge tracking error (px, median)", "edge band width (px)"});
      std::printf(
          "\nEdge tracking error per photo (px; the mask's shift from frame 0, by phase correlation, vs the true "
          "one):\n\n| photo |");
      for (const Variant& v : vs) std::printf(" %s |", v.name.c_str());
      std::printf("\n|---|");
      for (std::size_t i = 0; i < vs.size(); ++i) std::printf("---|");
      std::printf("\n");
      for (const auto& [photo, by_variant] : tracking) {
        std::printf("| %s |", photo.c_str());
        for (const Variant& v : vs) print_cell(by_variant.at(v.name), 2);
        std::printf("\n");
      }
      print_table("Zoom in, 0.4%/frame", zoom, vs, {"change after motion compensation"});
    }
    if (!o.no_davis) {
      evaluate_davis(o, davis);
      if (!davis.empty()) {
        std::vector<std::string> metrics;
        for (const auto& [metric, _] : davis) metrics.push_back(metric);
        print_table("DAVIS 2016 lucia (real video, hand-drawn masks)", davis, vs, metrics);
      }
    }
  } catch (const fakecam::Error& e) {
    std::fprintf(stderr, "mask_eval: %s\n", e.what());
    return 1;
  }
  return 0;
}
