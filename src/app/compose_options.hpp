// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The compositor's settings from the user's: the seed's flags (-b, -i, -f,
// -m, --no-background, --hologram, --blur...), fakecam's own (--soft-edge,
// --light-wrap, ...) and the successor's layer specs (--background=...,
// --selfie=..., --mask=...), merged into one compose::ComposeSettings.
//
// Rules, so the flags make one coherent picture:
//  - the background is a file (-b, --background=file=, or background.* in
//    the image folder), a colour, or the camera's own (--no-background,
//    --background=no: as it is); with none of them, the camera's, blurred;
//  - effects (--background=...,brightness=80, --cmap-bg, --blur N) apply to
//    whatever the background is: --blur with background.* in the folder
//    blurs that image (the seed's default -b), with no image the camera's;
//  - the foreground overlay is -f/--mask=foreground= (or foreground.*),
//    its mask -m/--mask=mask-file= (or foreground-mask.*, or the image's
//    own transparency); --no-foreground or --mask=no turn it off;
//  - a value given both as a flag and in a spec is an error naming both.

#include <string>

#include "app/settings.hpp"
#include "compose/compose_settings.hpp"

namespace fakecam::app {

// Throws Error (one line naming the flag or file) when the flags contradict
// each other or a named file does not exist.
compose::ComposeSettings make_compose_settings(const Settings& s);

// Checks what can be checked without touching files (spec syntax, ranges,
// percentages), and normalises percentages; for finish_settings().
void finish_compose_flags(Settings& s);

// The --help footer: the layer syntax, effects and examples.
std::string compose_help();

}  // namespace fakecam::app
