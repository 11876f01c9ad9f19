// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the layer-spec language (--background=, --selfie=,
// --mask= and colours), which also arrives from config files people share:
// any text is either parsed or refused with fakecam::Error, never a crash,
// an other exception or a hang.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "app/layer_spec.hpp"
#include "common/error.hpp"
#include "compose/colour.hpp"

namespace {

template <typename Parse>
void try_parse(Parse parse, std::string_view text) {
  try {
    parse(text);
  } catch (const fakecam::Error&) {
    // a refusal with a message is the expected outcome for bad text
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  try_parse([](std::string_view t) { fakecam::app::parse_background_spec(t); }, text);
  try_parse([](std::string_view t) { fakecam::app::parse_selfie_spec(t); }, text);
  try_parse([](std::string_view t) { fakecam::app::parse_overlay_spec(t); }, text);
  try_parse([](std::string_view t) { fakecam::compose::parse_colour(t); }, text);
  return 0;
}
