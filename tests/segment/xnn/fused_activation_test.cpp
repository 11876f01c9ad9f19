// SPDX-License-Identifier: GPL-3.0-or-later
// Fused activations (TFLite's fused_activation_function): NONE, RELU,
// RELU_N1_TO_1 and RELU6 clamp the result of every operator that has one
// (CONV_2D, DEPTHWISE_CONV_2D, AVERAGE_POOL_2D, ADD, MUL). Each op is set up
// so that its pre-activation result is worked out by hand; the clamp bounds
// are TFLite's.

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>

#include "segment/xnn/graph_builder_for_tests.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

// Ten values across every clamp bound; their sum is 20, so their mean is 2.
const std::vector<float> kInput = {-8, -1.5f, -1, -0.4f, 0, 0.3f, 1, 3, 6, 20.6f};
const Shape kShape = {1, 2, 5, 1};

struct Bounds {
  float lo, hi;
};
Bounds bounds(Activation a) {
  constexpr float inf = std::numeric_limits<float>::infinity();
  switch (a) {
    case Activation::none:
      return {-inf, inf};
    case Activation::relu:
      return {0, inf};
    case Activation::relu_n1_to_1:
      return {-1, 1};
    case Activation::relu6:
      return {0, 6};
  }
  return {-inf, inf};
}

enum class OpKind { conv, depthwise, average_pool, add, mul };

// The op under test with activation `a`, and its pre-activation values.
struct Case {
  Graph graph;
  std::vector<float> before_clamp;
};

Case make(OpKind kind, Activation a) {
  TinyGraph g;
  const int in = g.input(kShape);
  std::vector<float> pre;
  int out = -1;
  switch (kind) {
    case OpKind::conv: {
      // 1x1 filter 2, bias -0.5: 2x - 0.5.
      const int w = g.constant({1, 1, 1, 1}, {2});
      const int b = g.constant({1}, {-0.5f});
      out = g.op(Conv2D{.padding = Padding::valid, .activation = a}, {in, w, b}, kShape);
      for (float x : kInput) pre.push_back(2 * x - 0.5f);
      break;
    }
    case OpKind::depthwise: {
      // 1x1 filter -3, bias 1: 1 - 3x.
      const int w = g.constant({1, 1, 1, 1}, {-3});
      const int b = g.constant({1}, {1});
      out = g.op(DepthwiseConv2D{.padding = Padding::valid, .activation = a}, {in, w, b}, kShape);
      for (float x : kInput) pre.push_back(1 - 3 * x);
      break;
    }
    case OpKind::average_pool: {
      // A 1x1 window (not the global pool): x.
      out = g.op(AveragePool2D{.padding = Padding::valid, .activation = a}, {in}, kShape);
      pre = kInput;
      break;
    }
    case OpKind::add: {
      // x + RELU(x).
      const int relu = g.op(Relu{}, {in}, kShape);
      out = g.op(Add{.activation = a}, {in, relu}, kShape);
      for (float x : kInput) pre.push_back(x + std::max(x, 0.0f));
      break;
    }
    case OpKind::mul: {
      // x * MEAN(x) = 2x, through the broadcast.
      const int mean = g.op(MeanHW{.keep_dims = true}, {in}, {1, 1, 1, 1});
      out = g.op(Mul{.activation = a}, {in, mean}, kShape);
      for (float x : kInput) pre.push_back(2 * x);
      break;
    }
  }
  return {std::move(g).finish(out), pre};
}

class FusedActivation : public testing::TestWithParam<std::tuple<OpKind, Activation>> {};

TEST_P(FusedActivation, ClampsTheResult) {
  const auto [kind, activation] = GetParam();
  Case c = make(kind, activation);
  const Bounds b = bounds(activation);
  std::vector<float> expected;
  for (float v : c.before_clamp) expected.push_back(std::clamp(v, b.lo, b.hi));
  test::expect_near_all(test::run(std::move(c.graph), kInput), expected);
}

std::string name(const testing::TestParamInfo<FusedActivation::ParamType>& info) {
  static const char* ops[] = {"Conv2D", "DepthwiseConv2D", "AveragePool2D", "Add", "Mul"};
  static const char* acts[] = {"None", "Relu", "ReluN1To1", "Relu6"};
  return std::string(ops[static_cast<int>(std::get<0>(info.param))]) + "_" +
         acts[static_cast<int>(std::get<1>(info.param))];
}

INSTANTIATE_TEST_SUITE_P(
    AllOps, FusedActivation,
    testing::Combine(testing::Values(OpKind::conv, OpKind::depthwise, OpKind::average_pool, OpKind::add, OpKind::mul),
                     testing::Values(Activation::none, Activation::relu, Activation::relu_n1_to_1, Activation::relu6)),
    name);

TEST(FusedActivation, GlobalAveragePoolClampsToo) {
  // The whole-input window takes XNNPACK's global pooling path; RELU6 still applies.
  TinyGraph g;
  const int in = g.input({1, 2, 2, 2});
  const int out =
      g.op(AveragePool2D{.padding = Padding::valid, .filter_h = 2, .filter_w = 2, .activation = Activation::relu6},
           {in}, {1, 1, 1, 2});
  // Channel means: (10 + 6 + 8 + 4) / 4 = 7 -> 6; (-1 - 2 + 0 + 1) / 4 = -0.5 -> 0.
  test::expect_near_all(test::run(std::move(g).finish(out), {10, -1, 6, -2, 8, 0, 4, 1}), {6, 0});
}

}  // namespace
}  // namespace fakecam::segment
