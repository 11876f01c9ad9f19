// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Reads a TensorFlow Lite flatbuffer into a validated segment::Graph.
//
// Untrusted input: the flatbuffers verifier runs before any field is read, and
// every index, shape, buffer range and operator parameter is checked before a
// Graph is returned. Anything fakecam cannot run exactly is refused with an
// Error naming the file and the problem (e.g. the operator and its index).

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include "segment/graph.hpp"

namespace fakecam::segment::tflite {

// `origin` names the model in error messages (usually its path).
Graph load_model(std::span<const std::uint8_t> bytes, const std::string& origin);

Graph load_model_file(const std::filesystem::path& path);

// Name of a TFLite builtin operator code ("CONV_2D"), or "builtin code N".
std::string builtin_op_name(int code);

}  // namespace fakecam::segment::tflite
