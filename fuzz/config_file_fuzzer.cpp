// SPDX-License-Identifier: GPL-3.0-or-later
// libFuzzer target for the config file's text format (files people copy
// from each other and edit by hand): any text is either read or refused with
// fakecam::Error naming a line, never a crash, another exception or a hang;
// and every value read is written back by quote_config_value() so that it
// reads back the same (what --dump-config relies on).

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "app/config_file.hpp"
#include "common/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  std::vector<fakecam::app::ConfigEntry> entries;
  try {
    entries = fakecam::app::parse_config_text(text, "fuzz.ini");
  } catch (const fakecam::Error&) {
    return 0;  // a refusal with a message is the expected outcome for bad text
  }
  for (const auto& entry : entries) {
    if (!entry.value || entry.value->find_first_of("\n\r") != std::string::npos) continue;  // one line holds no newline
    const auto again =
        fakecam::app::parse_config_text("k = " + fakecam::app::quote_config_value(*entry.value), "again.ini");
    if (again.size() != 1 || again[0].value != entry.value) std::abort();
  }
  return 0;
}
