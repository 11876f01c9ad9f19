// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// CLI11's classes, declared for headers that only pass them by reference or
// pointer. CLI11 is header-only and heavy to compile: only the files that
// build the parser include <CLI/CLI.hpp>.

namespace CLI {
class App;
class Option;
class Validator;
}  // namespace CLI
