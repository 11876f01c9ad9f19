// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the TFLite loader, fakecam's parser of untrusted files.
//
// Contract under test: load_model() on any bytes either returns a Graph or
// throws fakecam::Error. Anything else (a crash, a sanitizer report, another
// exception, a hang) is a bug. A Graph that loads must also be accepted or
// cleanly refused by the engine fakecam runs it on (segment::Engine: its
// plan, our own kernels and XNNPACK's), and run: if the loader lets through
// something the engine crashes on, one of them is at fault. Graphs too large
// to run quickly are only loaded.

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/error.hpp"
#include "segment/engine.hpp"
#include "segment/tflite/model_loader.hpp"

namespace {

// Activation elements (summed over run-time tensors) up to which a loaded
// graph is also run; the generated seed models are far below, the real
// selfie models above (they would slow every execution down).
constexpr std::size_t kMaxRunElements = std::size_t{1} << 18;

std::size_t activation_elements(const fakecam::segment::Graph& graph) {
  std::size_t total = 0;
  for (const auto& t : graph.tensors) {
    if (!t.is_constant()) total += fakecam::segment::element_count(t.shape);
  }
  return total;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace fakecam::segment;
  try {
    Graph graph = tflite::load_model(std::span<const std::uint8_t>(data, size), "fuzz input");
    if (activation_elements(graph) <= kMaxRunElements) {
      Engine engine(std::move(graph), 1);
      engine.run();
    }
  } catch (const fakecam::Error&) {
    // A refused model: the expected outcome for almost every input.
  }
  return 0;
}
