// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Names the calling thread (at most 15 characters: the kernel's limit), so
// `top -H`, `ps -L` and perf tell fakecam's capture, compose and mask
// threads apart instead of showing six "fakecam"s.

namespace fakecam {

void name_this_thread(const char* name);

}  // namespace fakecam
