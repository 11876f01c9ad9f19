// SPDX-License-Identifier: GPL-3.0-or-later
// Where inference time goes, per operator type, for one model on one thread.
// XNNPACK (Debian 12's build) has no per-operator profiling, so each op is
// timed alone: a one-op graph whose external input has the shape of the op's
// first input (a second run-time operand becomes a constant of its shape).
// Times are thread CPU time (steadier on a shared machine), medians of
// repeated runs. The sum over ops is compared with the whole model: XNNPACK
// fuses some ops (a RELU into the convolution before it), so the parts can
// add up to more than the whole. Then the depthwise convs on XNNPACK and on
// our kernel (kernels/depthwise_conv.hpp), each alone, and the whole model
// run by the Engine with our kernels against XNNPACK alone, interleaved.
//
//   build/bench/segment/segment_op_profile [general|landscape] [runs]

#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "segment/engine.hpp"
#include "segment/graph.hpp"
#include "segment/load_time_rewrites.hpp"
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

double median(std::vector<double> times) {
  const std::size_t mid = times.size() / 2;
  std::nth_element(times.begin(), times.begin() + static_cast<std::ptrdiff_t>(mid), times.end());
  return times[mid];
}

template <class Runner>
double median_run_ms(Runner runtime, int runs) {
  std::fill_n(runtime.input(), element_count(runtime.input_shape()), 0.5f);
  for (int i = 0; i < 3; ++i) runtime.run();
  std::vector<double> times;
  for (int i = 0; i < runs; ++i) {
    const double start = thread_cpu_ms();
    runtime.run();
    times.push_back(thread_cpu_ms() - start);
  }
  return median(std::move(times));
}

double median_run_ms(Graph graph, int runs) { return median_run_ms(xnn::Runtime(std::move(graph), 1), runs); }

// Two versions of a model run alternately, so that a busy machine slows both
// alike: the medians of each (thread CPU ms).
template <class A, class B>
std::pair<double, double> median_run_ms_interleaved(A ra, B rb, int runs) {
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
  return {median(std::move(ta)), median(std::move(tb))};
}

}  // namespace

int main(int argc, char** argv) {
  const std::string model = argc > 1 ? argv[1] : "landscape";
  const int runs = argc > 2 ? std::atoi(argv[2]) : 50;
  // Rewritten as Segmenter runs it (load_time_rewrites.hpp).
  Graph full = tflite::load_model_file(resolve_model(model));
  apply_load_time_rewrites(full);
  std::map<std::string, double> by_type;
  std::map<std::string, int> count;
  std::vector<std::pair<double, std::string>> ops;
  std::vector<std::string> depthwise_lines;
  double sum = 0, sum_dw_xnn = 0, sum_dw_ours = 0;
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
    const bool ours = own_depthwise_fits(alone, single);
    const double own_cost = ours ? median_run_ms(Engine(alone, 1), runs) : 0.0;
    const double cost = median_run_ms(std::move(alone), runs);
    sum += cost;
    const std::string type = op_name(op.params);
    by_type[type] += cost;
    ++count[type];
    const Shape& in = full.tensors[static_cast<std::size_t>(op.inputs[0])].shape;
    const Shape& out = full.tensors[static_cast<std::size_t>(op.output)].shape;
    ops.emplace_back(cost, type + " " + shape_string(in) + " -> " + shape_string(out));
    if (ours) {
      const Shape& f = full.tensors[static_cast<std::size_t>(op.inputs[1])].shape;
      const auto& p = std::get<DepthwiseConv2D>(op.params);
      const double macs = static_cast<double>(element_count(out)) * f[1] * f[2];
      char line[200];
      std::snprintf(line, sizeof line, "  %dx%d/%d %-14s %7.3f ms %5.1f GMAC/s   ours %7.3f ms %5.1f GMAC/s  %.2fx",
                    f[1], f[2], p.stride_h, shape_string(in).c_str(), cost, macs / cost / 1e6, own_cost,
                    macs / own_cost / 1e6, cost / own_cost);
      depthwise_lines.emplace_back(line);
      sum_dw_xnn += cost;
      sum_dw_ours += own_cost;
    }
  }
  const auto [whole, as_filed] = median_run_ms_interleaved(
      xnn::Runtime(full, 1), xnn::Runtime(tflite::load_model_file(resolve_model(model)), 1), 4 * runs);
  std::printf(
      "%s: whole model on XNNPACK %.3f ms (%.3f ms without the load-time rewrites, as the file has it), ops timed "
      "alone %.3f ms in total "
      "(thread CPU, medians of %d; whole models %d runs, interleaved)\n\n"
      "by operator type (%% of the sum over ops):\n",
      model.c_str(), whole, as_filed, sum, runs, 4 * runs);
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
  std::printf("\ndepthwise convs alone, XNNPACK and ours (%s; without a fused activation):\n",
              kernels::isa_name(kernels::best_isa()));
  for (const auto& line : depthwise_lines) std::printf("%s\n", line.c_str());
  std::printf("  total %.3f ms, ours %.3f ms\n", sum_dw_xnn, sum_dw_ours);
  // The engine's ways to run the whole model, interleaved run by run.
  std::vector<std::pair<const char*, Engine>> ways;
  ways.emplace_back("XNNPACK alone (one subgraph, its own memory planning)", Engine(full, 1,
                                                                                    {.own_depthwise = false,
                                                                                     .own_head = false,
                                                                                     .own_gate_add = false,
                                                                                     .own_mean_of_sum = false,
                                                                                     .own_upsample = false,
                                                                                     .own_input_conv = false}));
  ways.emplace_back("XNNPACK alone, every tensor in the engine's arena", Engine(full, 1,
                                                                                {.own_depthwise = false,
                                                                                 .own_head = false,
                                                                                 .own_gate_add = false,
                                                                                 .own_input_conv = false,
                                                                                 .all_external = true}));
  ways.emplace_back("cut where our kernels go, XNNPACK everywhere", Engine(full, 1, {.cuts_only = true}));
  ways.emplace_back("our depthwise kernels, cut subgraphs", Engine(full, 1,
                                                                   {.own_head = false,
                                                                    .own_gate_add = false,
                                                                    .own_mean_of_sum = false,
                                                                    .own_upsample = false,
                                                                    .own_input_conv = false,
                                                                    .all_external = false}));
  ways.emplace_back("our depthwise kernels, every tensor in the arena", Engine(full, 1,
                                                                               {.own_head = false,
                                                                                .own_gate_add = false,
                                                                                .own_mean_of_sum = false,
                                                                                .own_upsample = false,
                                                                                .own_input_conv = false}));
  ways.emplace_back(
      "our depthwise and head kernels, every tensor in the arena",
      Engine(full, 1,
             {.own_gate_add = false, .own_mean_of_sum = false, .own_upsample = false, .own_input_conv = false}));
  ways.emplace_back("our depthwise, head and gate + sum kernels, every tensor in the arena",
                    Engine(full, 1, {.own_mean_of_sum = false, .own_upsample = false, .own_input_conv = false}));
  ways.emplace_back("and the mean of a sum", Engine(full, 1, {.own_upsample = false, .own_input_conv = false}));
  ways.emplace_back("and the input conv", Engine(full, 1, {.own_upsample = false}));
  ways.emplace_back("and the 2x upsampling: every kernel, as Segmenter runs the model", Engine(full, 1));
  std::vector<std::vector<double>> times(ways.size());
  for (auto& [name, engine] : ways) std::fill_n(engine.input(), element_count(engine.input_shape()), 0.5f);
  for (int i = 0; i < 4 * runs; ++i) {
    for (std::size_t w = 0; w < ways.size(); ++w) {
      const double start = thread_cpu_ms();
      ways[w].second.run();
      times[w].push_back(thread_cpu_ms() - start);
    }
  }
  std::printf("\nwhole model, %d runs each, interleaved (thread CPU medians):\n", 4 * runs);
  const double base = median(times[0]);
  for (std::size_t w = 0; w < ways.size(); ++w) {
    const double ms = median(times[w]);
    std::printf("  %7.3f ms  %.2fx  %s\n", ms, base / ms, ways[w].first);
  }
  return 0;
}
