// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tiny Graphs for the operator mapping tests: one external input, a few ops,
// one output, run through segment::xnn::Runtime exactly as a model would be.
// The Graph is built directly (no loader), so each test checks the XNNPACK
// mapping of one operator against values worked out by hand.

#include <gtest/gtest.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <utility>
#include <vector>

#include "segment/graph.hpp"
#include "segment/xnn/runtime.hpp"

namespace fakecam::segment::test {

// Absolute tolerance for float32 results of a handful of operations.
inline constexpr float kTolerance = 1e-5f;

class TinyGraph {
 public:
  // The external input, [1, H, W, C].
  int input(Shape shape) {
    graph_.input = add_tensor("input", std::move(shape), {});
    return graph_.input;
  }
  // A float32 constant (weights, bias); values.size() must match the shape.
  int constant(Shape shape, std::vector<float> values) {
    EXPECT_EQ(values.size(), element_count(shape)) << "constant of shape " << shape_string(shape);
    return add_tensor("constant", std::move(shape), std::move(values));
  }
  // An operator with its inputs; returns the output tensor of `out_shape`.
  int op(OpParams params, std::vector<int> inputs, Shape out_shape) {
    const int out = add_tensor("activation", std::move(out_shape), {});
    graph_.ops.push_back(Op{std::move(params), std::move(inputs), out, static_cast<int>(graph_.ops.size())});
    return out;
  }
  Graph finish(int output) && {
    graph_.output = output;
    return std::move(graph_);
  }

 private:
  int add_tensor(const char* name, Shape shape, std::vector<float> data) {
    graph_.tensors.push_back(Tensor{name, std::move(shape), std::move(data)});
    return static_cast<int>(graph_.tensors.size()) - 1;
  }
  Graph graph_;
};

// Runs the graph once on `input` (NHWC, element count of the input tensor)
// and returns the output tensor's values.
inline std::vector<float> run(Graph graph, const std::vector<float>& input, int threads = 1) {
  const std::size_t in_count = element_count(graph.tensors[static_cast<std::size_t>(graph.input)].shape);
  EXPECT_EQ(input.size(), in_count) << "input values for the graph input";
  xnn::Runtime runtime(std::move(graph), threads);
  std::copy_n(input.begin(), std::min(in_count, input.size()), runtime.input());
  runtime.run();
  const std::size_t out_count = element_count(runtime.output_shape());
  return std::vector<float>(runtime.output(), runtime.output() + out_count);
}

// n values uniform in [-1, 1): random weights and inputs.
inline std::vector<float> random_values(std::size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

// 1, 2, 3, ... n: easy to follow in hand-worked expectations.
inline std::vector<float> iota(std::size_t n, float first = 1.0f) {
  std::vector<float> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = first + static_cast<float>(i);
  return v;
}

inline void expect_near_all(const std::vector<float>& actual, const std::vector<float>& expected,
                            float tolerance = kTolerance) {
  ASSERT_EQ(actual.size(), expected.size());
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_NEAR(actual[i], expected[i], tolerance) << "at flat NHWC index " << i;
  }
}

}  // namespace fakecam::segment::test
