// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `fakecam preview`: a window showing what the running fakecam sends to the
// video-call app, read over its control socket (so it works with every
// output, the PipeWire camera included).

#include <string>

#include "app/cli11_declarations.hpp"

namespace fakecam::app::preview {

struct PreviewOptions {
  std::string socket;  // the running fakecam's control socket; "" = the only one
};

void add_preview_command(CLI::App& app, PreviewOptions& options);

// Returns the exit code. Throws Error when no fakecam can be reached, it
// refuses the preview, or no window can be opened.
int run_preview(const PreviewOptions& options);

}  // namespace fakecam::app::preview
