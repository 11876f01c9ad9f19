// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `fakecam [OPTIONS]`: builds the virtual webcam from the settings (input,
// model, compositor, outputs) and runs it until stopped.

#include "app/settings.hpp"

namespace fakecam::app {

// Throws Error (one line) when something cannot be set up; returns when the
// user quits or --frames is reached.
void run_camera(const Settings& settings);

// `fakecam --check`: opens and checks everything run_camera() would (input,
// model, images, output) without streaming, printing one "ok:", "warning:" or
// "error:" line per item. Returns the exit code: 0 when nothing failed.
int check_camera(const Settings& settings);

}  // namespace fakecam::app
