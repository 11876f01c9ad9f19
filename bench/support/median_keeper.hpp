// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A console reporter that also keeps each case's median (its one run's in a
// smoke pass, which makes no aggregates), keyed by the case's arguments as
// the console shows them ("light:50/framing%:0/capture:720"), so that a
// benchmark can print ratios of cases measured in the same run after
// Google Benchmark's table.

#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace fakecam::bench {

class MedianKeeper : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    for (const Run& run : runs) {
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      const std::string key = run.run_name.function_name + "/" + run.run_name.args;
      if (median || (run.run_type == Run::RT_Iteration && !medians.contains(key))) {
        medians[key] = real_time ? run.GetAdjustedRealTime() : run.GetAdjustedCPUTime();
        for (const auto& [name, counter] : run.counters) counters[key][name] = counter.value;
      }
    }
    ConsoleReporter::ReportRuns(runs);
  }
  // The median of "BM_Name/args", or nullptr if it did not run (filtered out).
  const double* find(const std::string& key) const {
    const auto found = medians.find(key);
    return found == medians.end() ? nullptr : &found->second;
  }

  // The median of counter `name` of "BM_Name/args", or nullptr.
  const double* find_counter(const std::string& key, const std::string& name) const {
    const auto found = counters.find(key);
    if (found == counters.end()) return nullptr;
    const auto value = found->second.find(name);
    return value == found->second.end() ? nullptr : &value->second;
  }

  bool real_time = false;                                         // keep the wall-clock medians instead of CPU
  std::map<std::string, double> medians;                          // by "BM_Name/args", in the benchmark's unit
  std::map<std::string, std::map<std::string, double>> counters;  // by "BM_Name/args", then counter
};

}  // namespace fakecam::bench
