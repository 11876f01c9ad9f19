// SPDX-License-Identifier: GPL-3.0-or-later
// Where inference time goes, per operator type, for one model on one thread.
// XNNPACK (Debian 12's build) has no per-operator profiling, so each op is
// timed alone: a one-op graph whose external input has the shape of the op's
// first input (a second run-time operand becomes a constant of its shape).
// Times are thread CPU time (steadier on a shared machine), medians of
// repeated runs. The sum over ops is compared with the whole model: XNNPACK
// fuses some ops (a RELU into the convolution before it), so the parts can
// add up to more than the whole.
//
//   build/bench/segment/segment_op_profile [general|landscape] [runs]

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "segment/fold_transpose_conv.hpp"
#include "segment/graph.hpp"
#include "segment/model_catalog.hpp"
#include "segment/tflite/model_loader.hpp"
#include "segment/xnn/runtime.hpp"

namespace {

using namespace fakecam::segment;

double thread_cpu_ms() {
  timespec ts{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) * 1e3 + static_cast<double>(ts.tv_nsec) * 1e-6;
}

double median_run_ms(Graph graph, int runs) {
  xnn::Runtime runtime(std::move(graph), 1);
  std::fill_n(runtime.input(), element_count(runtime.input_shape()), 0.5f);
  for (int i = 0; i < 3; ++i) runtime.run();
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const double start = thread_cpu_ms();
    runtime.run();
    times.push_back(thread_cpu_ms() - start);
  }
  std::nth_element(times.begin(), times.begin() + runs / 2, times.end());
  return times[static_cast<std::size_t>(runs / 2)];
}

// Two versions of a model run alternately, so that a busy machine slows both
// alike: the medians of each (thread CPU ms).
std::pair<double, double> median_run_ms_interleaved(Graph a, Graph b, int runs) {
  xnn::Runtime ra(std::move(a), 1);
  xnn::Runtime rb(std::move(b), 1);
  std::fill_n(ra.input(), element_count(ra.input_shape()), 0.5f);
  std::fill_n(rb.input(), element_count(rb.input_shape()), 0.5f);
  std::vector<double> ta, tb;
  for (int i = 0; i < runs; ++i) {
    double start = thread_cpu_ms();
    ra.run();
    ta.push_back(thread_cpu_ms() - start);
    start = thread_cpu_ms();
    rb.run();
    tb.push_back(thread_cpu_ms() - start);
  }
  std::nth_element(ta.begin(), ta.begin() + runs / 2, ta.end());
  std::nth_element(tb.begin(), tb.begin() + runs / 2, tb.end());
  return {ta[static_cast<std::size_t>(runs / 2)], tb[static_cast<std::size_t>(runs / 2)]};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string model = argc > 1 ? argv[1] : "landscape";
  const int runs = argc > 2 ? std::atoi(argv[2]) : 50;
  // Folded as Segmenter runs it (fold_transpose_conv.hpp).
  Graph full = tflite::load_model_file(resolve_model(model));
  fold_transpose_convs(full);
  std::map<std::string, double> by_type;
  std::map<std::string, int> count;
  std::vector<std::pair<double, std::string>> ops;
  double sum = 0;
  for (const Op& op : full.ops) {
    Graph alone;
    const auto copy = [&](int t) {
      alone.tensors.push_back(full.tensors[static_cast<std::size_t>(t)]);
      return static_cast<int>(alone.tensors.size()) - 1;
    };
    Op single = op;
    for (std::size_t i = 0; i < op.inputs.size(); ++i) {
      const int t = op.inputs[i];
      if (i > 0 && t == op.inputs[0]) {
        single.inputs[i] = single.inputs[0];
        continue;
      }
      single.inputs[i] = copy(t);
      Tensor& c = alone.tensors.back();
      if (i == 0) {
        alone.input = single.inputs[i];
      } else if (!c.is_constant()) {
        c.data.assign(element_count(c.shape), 0.5f);
      }
    }
    single.output = copy(op.output);
    alone.output = single.output;
    alone.ops.push_back(single);
    const double cost = median_run_ms(std::move(alone), runs);
    sum += cost;
    const std::string type = op_name(op.params);
    by_type[type] += cost;
    ++count[type];
    const Shape& in = full.tensors[static_cast<std::size_t>(op.inputs[0])].shape;
    const Shape& out = full.tensors[static_cast<std::size_t>(op.output)].shape;
    ops.emplace_back(cost, type + " " + shape_string(in) + " -> " + shape_string(out));
  }
  const auto [whole, unfolded] =
      median_run_ms_interleaved(full, tflite::load_model_file(resolve_model(model)), 4 * runs);
  std::printf(
      "%s: whole model %.3f ms (%.3f ms unfolded, as the file has it), ops timed alone %.3f ms in total "
      "(thread CPU, medians of %d; whole models %d runs, interleaved)\n\n"
      "by operator type (%% of the sum over ops):\n",
      model.c_str(), whole, unfolded, sum, runs, 4 * runs);
  std::vector<std::pair<double, std::string>> types;
  for (const auto& [type, ms] : by_type) types.emplace_back(ms, type);
  std::sort(types.rbegin(), types.rend());
  for (const auto& [ms, type] : types) {
    std::printf("  %-28s %3d ops %7.3f ms %5.1f%%\n", type.c_str(), count[type], ms, 100 * ms / sum);
  }
  std::sort(ops.rbegin(), ops.rend());
  std::printf("\nmost expensive ops:\n");
  for (std::size_t i = 0; i < std::min<std::size_t>(15, ops.size()); ++i) {
    std::printf("  %7.3f ms  %s\n", ops[i].first, ops[i].second.c_str());
  }
  return 0;
}
