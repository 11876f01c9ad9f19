// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Repetition and iteration counts for the benchmarks, with one switch for the
// quick pass scripts/test.sh makes (FAKECAM_BENCH_SMOKE=1): every case still
// runs, so none can rot, but once and briefly. Counts set on a benchmark in
// code override --benchmark_repetitions on the command line, hence this.
// Speed is measured by hand with the full counts (bench/README.md).

#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string_view>

namespace fakecam::bench {

inline bool smoke_run() {
  const char* value = std::getenv("FAKECAM_BENCH_SMOKE");
  return value != nullptr && std::string_view(value) == "1";
}

inline int repetitions(int full) { return smoke_run() ? 1 : full; }

inline benchmark::IterationCount iterations(benchmark::IterationCount full) { return smoke_run() ? 2 : full; }

inline double min_time(double full) { return smoke_run() ? 0.01 : full; }

}  // namespace fakecam::bench
