// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whether a buffer's memory is shared with other processes: memory PipeWire
// hands a client lies in a memfd mapping, which /proc/self/maps names
// "/memfd:<name> (deleted)". (PipeWire allocates a link's buffers in one
// memfd block and describes each frame as a pointer into it, SPA_DATA_MemPtr,
// so the data type alone does not tell.)

#include <optional>
#include <string>

namespace fakecam::output::pipewire {

// The name of the mapping holding `address` ("/memfd:pipewire-memfd
// (deleted)", "[heap]", "" for anonymous), nullopt if it is not mapped.
std::optional<std::string> mapping_name(const void* address);

bool in_memfd_mapping(const void* address);

}  // namespace fakecam::output::pipewire
