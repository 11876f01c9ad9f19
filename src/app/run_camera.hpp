#pragma once
// `fakecam [OPTIONS]`: builds the virtual webcam from the settings (input,
// model, compositor, outputs) and runs it until stopped.

#include "app/settings.hpp"

namespace fakecam::app {

// Throws Error (one line) when something cannot be set up; returns when the
// user quits or --frames is reached.
void run_camera(const Settings& settings);

}  // namespace fakecam::app
