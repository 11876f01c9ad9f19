// SPDX-License-Identifier: GPL-3.0-or-later
// The execution plan (which ops run on our kernels, what crosses between
// steps) and the Engine that runs it: its output against XNNPACK alone, on
// small graphs that stress the cuts and on both real models (fp32 output
// within 1e-4, issue 12).

#include "segment/engine.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include "segment/load_time_rewrites.hpp"
#include "segment/model_catalog.hpp"
#include "segment/tflite/model_loader.hpp"
#include "segment/xnn/graph_builder_for_tests.hpp"
#include "support/test_paths.hpp"

namespace fakecam::segment {
namespace {

using test::TinyGraph;

std::vector<float> random_values(std::size_t n, std::mt19937& rng) {
  std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
  std::vector<float> v(n);
  for (float& x : v) x = dist(rng);
  return v;
}

std::vector<float> run_engine(Graph graph, const std::vector<float>& input, PlanOptions options = {}) {
  Engine engine(std::move(graph), 1, options);
  std::copy(input.begin(), input.end(), engine.input());
  engine.run();
  return std::vector<float>(engine.output(), engine.output() + element_count(engine.output_shape()));
}

int count_depthwise_steps(const ExecutionPlan& plan) {
  return static_cast<int>(std::count_if(plan.steps.begin(), plan.steps.end(),
                                        [](const Step& s) { return std::holds_alternative<DepthwiseStep>(s); }));
}

// A depthwise conv 3x3 of `in` ([1,H,W,C]) with random weights.
int depthwise(TinyGraph& g, int in, const Shape& shape, int stride, std::mt19937& rng,
              Activation activation = Activation::none) {
  const int c = shape[3];
  const int w = g.constant({1, 3, 3, c}, random_values(static_cast<std::size_t>(9 * c), rng));
  const int b = g.constant({c}, random_values(static_cast<std::size_t>(c), rng));
  const Shape out{1, (shape[1] + stride - 1) / stride, (shape[2] + stride - 1) / stride, c};
  return g.op(DepthwiseConv2D{.stride_h = stride, .stride_w = stride, .activation = activation}, {in, w, b}, out);
}

TEST(ExecutionPlan, FusesTheActivationThatAloneReadsTheConv) {
  std::mt19937 rng(1);
  TinyGraph g;
  const Shape s{1, 6, 7, 8};
  const int in = g.input(s);
  const int a = depthwise(g, in, s, 1, rng);
  const int hs = g.op(HardSwish{}, {a}, s);  // fused
  const int b = depthwise(g, hs, s, 1, rng);
  const int relu = g.op(Relu{}, {b}, s);  // not fused: the ADD reads the conv too
  const int sum = g.op(Add{}, {relu, b}, s);
  const int out = g.op(Logistic{}, {sum}, s);
  Graph graph = std::move(g).finish(out);
  const ExecutionPlan plan = plan_execution(graph, {.all_external = false});
  ASSERT_EQ(plan.steps.size(), 3u);
  const auto& first = std::get<DepthwiseStep>(plan.steps[0]);
  EXPECT_EQ(first.conv, 0);
  EXPECT_EQ(first.activation, 1);
  EXPECT_EQ(std::get<DepthwiseStep>(plan.steps[1]).activation, -1);
  EXPECT_EQ(std::get<XnnStep>(plan.steps[2]).ops, (std::vector<int>{3, 4, 5}));
  // The fused conv's own result never needs a buffer; the rest crosses steps.
  EXPECT_EQ(plan.boundaries, (std::vector<int>{in, hs, b, out}));
  EXPECT_EQ(std::count(plan.boundaries.begin(), plan.boundaries.end(), a), 0);
  // By default every tensor the steps leave lives in the engine's arena.
  EXPECT_EQ(plan_execution(graph, {}).boundaries, (std::vector<int>{in, hs, b, relu, sum, out}));

  const auto input = random_values(element_count(s), rng);
  test::expect_near_all(run_engine(graph, input), test::run(graph, input), 1e-5f);
}

TEST(ExecutionPlan, FusesTheResidualSumAfterTheActivation) {
  // MediaPipe's decoder: x -> dw 3x3 + RELU -> ADD(x, .), and a sum whose
  // other operand comes later, which must stay an op of its own.
  std::mt19937 rng(5);
  TinyGraph g;
  const Shape s{1, 8, 9, 16};
  const int in = g.input(s);
  const int a = depthwise(g, in, s, 1, rng, Activation::relu);
  const int sum = g.op(Add{}, {in, a}, s);  // fused: in is there before the conv
  const int b = depthwise(g, sum, s, 1, rng);
  const int late = g.op(HardSwish{}, {sum}, s);
  const int out = g.op(Add{}, {b, late}, s);  // not fused: late comes after the conv
  Graph graph = std::move(g).finish(out);
  const ExecutionPlan plan = plan_execution(graph, {});
  ASSERT_EQ(plan.steps.size(), 3u);
  const auto& first = std::get<DepthwiseStep>(plan.steps[0]);
  EXPECT_EQ(first.add, 1);
  EXPECT_EQ(step_residual(graph, first), in);
  EXPECT_EQ(step_output(graph, first), sum);
  EXPECT_EQ(std::get<DepthwiseStep>(plan.steps[1]).add, -1);
  EXPECT_EQ(std::count(plan.boundaries.begin(), plan.boundaries.end(), a), 0);

  const auto input = random_values(element_count(s), rng);
  const auto expected = test::run(graph, input);
  test::expect_near_all(run_engine(graph, input), expected, 1e-5f);
  test::expect_near_all(run_engine(graph, input, {.cuts_only = true}), expected, 1e-5f);
}

TEST(ExecutionPlan, FusesTheGateAndTheSumAfterIt) {
  // The decoder's x * sigmoid(g) + y, y made before the MUL; and one whose
  // y comes after it, which stays on XNNPACK.
  std::mt19937 rng(6);
  TinyGraph g;
  const Shape s{1, 6, 5, 24};
  const int in = g.input(s);
  const int y = g.op(HardSwish{}, {in}, s);
  const int gate = g.op(Logistic{}, {g.op(MeanHW{}, {in}, {1, 1, 1, 24})}, {1, 1, 1, 24});
  const int product = g.op(Mul{}, {in, gate}, s);
  const int sum = g.op(Add{}, {y, product}, s);  // fused
  const int product2 = g.op(Mul{}, {gate, sum}, s);
  const int late = g.op(Relu{}, {sum}, s);
  const int out = g.op(Add{}, {product2, late}, s);  // not fused: late comes after the MUL
  Graph graph = std::move(g).finish(out);
  const ExecutionPlan plan = plan_execution(graph, {});
  ASSERT_EQ(plan.steps.size(), 3u);
  const auto& fused = std::get<GateAddStep>(plan.steps[1]);
  EXPECT_EQ(fused.mul, 3);
  EXPECT_EQ(fused.add, 4);
  const GateAddOperands t = gate_add_operands(graph, fused);
  EXPECT_EQ(t.x, in);
  EXPECT_EQ(t.gate, gate);
  EXPECT_EQ(t.y, y);
  EXPECT_EQ(t.out, sum);
  EXPECT_EQ(std::count(plan.boundaries.begin(), plan.boundaries.end(), product), 0);

  const auto input = random_values(element_count(s), rng);
  const auto expected = test::run(graph, input);
  test::expect_near_all(run_engine(graph, input), expected, 1e-5f);
  test::expect_near_all(run_engine(graph, input, {.cuts_only = true}), expected, 1e-5f);
}

TEST(ExecutionPlan, TakesTheMeanOfASumWithoutTheSum) {
  std::mt19937 rng(7);
  TinyGraph g;
  const Shape s{1, 7, 9, 16};
  const int in = g.input(s);
  const int a = g.op(HardSwish{}, {in}, s);
  const int sum = g.op(Add{}, {in, a}, s);
  const int mean = g.op(MeanHW{}, {sum}, {1, 1, 1, 16});
  const int out = g.op(Logistic{}, {mean}, {1, 1, 1, 16});
  Graph graph = std::move(g).finish(out);
  const ExecutionPlan plan = plan_execution(graph, {});
  ASSERT_EQ(plan.steps.size(), 3u);
  EXPECT_EQ(std::get<MeanOfSumStep>(plan.steps[1]).add, 1);
  EXPECT_EQ(std::count(plan.boundaries.begin(), plan.boundaries.end(), sum), 0);
  const auto input = random_values(element_count(s), rng);
  const auto expected = test::run(graph, input);
  test::expect_near_all(run_engine(graph, input), expected, 1e-6f);
  test::expect_near_all(run_engine(graph, input, {.cuts_only = true}), expected, 1e-6f);
}

TEST(ExecutionPlan, TakesAOneWindowAveragePoolAsAMean) {
  std::mt19937 rng(8);
  TinyGraph g;
  const Shape s{1, 5, 6, 24};
  const int in = g.input(s);
  const int sum = g.op(Add{}, {in, g.op(Relu{}, {in}, s)}, s);
  const int out = g.op(AveragePool2D{.filter_h = 5, .filter_w = 6}, {sum}, {1, 1, 1, 24});
  Graph graph = std::move(g).finish(out);
  const ExecutionPlan plan = plan_execution(graph, {});
  ASSERT_EQ(plan.steps.size(), 2u);
  EXPECT_TRUE(std::holds_alternative<MeanOfSumStep>(plan.steps[1]));
  const auto input = random_values(element_count(s), rng);
  test::expect_near_all(run_engine(graph, input), test::run(graph, input), 1e-6f);
}

TEST(ExecutionPlan, XnnpackOnlyIsOneStep) {
  std::mt19937 rng(2);
  TinyGraph g;
  const Shape s{1, 5, 5, 4};
  const int in = g.input(s);
  const int out = g.op(HardSwish{}, {depthwise(g, in, s, 2, rng)}, {1, 3, 3, 4});
  const Graph graph = std::move(g).finish(out);
  const ExecutionPlan plan = plan_execution(graph, {.own_depthwise = false,
                                                    .own_head = false,
                                                    .own_gate_add = false,
                                                    .own_mean_of_sum = false,
                                                    .own_input_conv = false});
  ASSERT_EQ(plan.steps.size(), 1u);
  EXPECT_EQ(std::get<XnnStep>(plan.steps[0]).ops, (std::vector<int>{0, 1}));
}

TEST(Engine, MatchesXnnpackWhenTheKernelMakesTheOutput) {
  // Input straight into our kernel, its result the graph's output; a RELU6
  // fused by the op itself plus a RELU op after it.
  std::mt19937 rng(3);
  TinyGraph g;
  const Shape s{1, 9, 11, 24};
  const int in = g.input(s);
  const int out = g.op(Relu{}, {depthwise(g, in, s, 2, rng, Activation::relu6)}, {1, 5, 6, 24});
  const Graph graph = std::move(g).finish(out);
  EXPECT_EQ(plan_execution(graph, {}).steps.size(), 1u);
  const auto input = random_values(element_count(s), rng);
  test::expect_near_all(run_engine(graph, input), test::run(graph, input), 1e-5f);
}

TEST(Engine, LeavesDepthwiseItCannotDoToXnnpack) {
  std::mt19937 rng(4);
  TinyGraph g;
  const Shape s{1, 4, 4, 2};
  const int in = g.input(s);
  const int w = g.constant({1, 3, 3, 4}, random_values(36, rng));
  const int b = g.constant({4}, random_values(4, rng));
  const int out = g.op(DepthwiseConv2D{.depth_multiplier = 2}, {in, w, b}, {1, 4, 4, 4});
  const Graph graph = std::move(g).finish(out);
  EXPECT_EQ(count_depthwise_steps(plan_execution(graph, {})), 0);
  const auto input = random_values(element_count(s), rng);
  test::expect_near_all(run_engine(graph, input), test::run(graph, input), 1e-6f);
}

// The real models on a real picture: the engine with our kernels against
// XNNPACK alone, fp32 output.
class EngineModel : public testing::TestWithParam<const char*> {};

TEST_P(EngineModel, StaysWithin1e4OfXnnpackAlone) {
  const std::string model = GetParam();
  Graph graph = tflite::load_model_file(resolve_model(model));
  apply_load_time_rewrites(graph);
  const auto dir = fakecam::test::data_dir() / "selfie-ref" / model;
  std::string image_path;  // the first picture by name, for a stable test
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    const auto path = entry.path().string();
    if (!entry.path().stem().string().ends_with("_ref") && (image_path.empty() || path < image_path)) image_path = path;
  }
  cv::Mat image = cv::imread(image_path, cv::IMREAD_COLOR);
  ASSERT_FALSE(image.empty()) << image_path;
  const Shape& in_shape = graph.tensors[static_cast<std::size_t>(graph.input)].shape;
  ASSERT_EQ(image.rows, in_shape[1]);
  ASSERT_EQ(image.cols, in_shape[2]);
  cv::cvtColor(image, image, cv::COLOR_BGR2RGB);
  image.convertTo(image, CV_32FC3, 1.0 / 255);
  const std::vector<float> input(image.ptr<float>(), image.ptr<float>() + image.total() * 3);

  Engine engine(graph, 1);
  EXPECT_GT(count_depthwise_steps(engine.plan()), 5) << model << ": our kernel should take the depthwise convs";
  EXPECT_EQ(std::count_if(engine.plan().steps.begin(), engine.plan().steps.end(),
                          [](const Step& s) {
                            const auto* h = std::get_if<HeadStep>(&s);
                            return h && h->logistic >= 0;
                          }),
            1)
      << model << ": our kernel should take the head, sigmoid included";
  std::copy(input.begin(), input.end(), engine.input());
  engine.run();
  const auto expected = test::run(graph, input);
  float worst = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) worst = std::max(worst, std::abs(engine.output()[i] - expected[i]));
  EXPECT_LE(worst, 1e-4f) << model << ": max |engine - XNNPACK| over " << image_path;
  std::printf("%s: max |engine - XNNPACK alone| %.2g\n", model.c_str(), static_cast<double>(worst));
}

// Our kernels read while they write: every tensor one of their steps touches
// must be alive with the others there, or the arena may put two in one place.
TEST_P(EngineModel, OurStepsTensorsLiveTogether) {
  Graph graph = tflite::load_model_file(resolve_model(GetParam()));
  apply_load_time_rewrites(graph);
  const ExecutionPlan plan = plan_execution(graph, {});
  const std::vector<TensorLife> lives = boundary_lives(graph, plan);
  const auto life_of = [&](int t) {
    const auto i = std::find(plan.boundaries.begin(), plan.boundaries.end(), t) - plan.boundaries.begin();
    return lives.at(static_cast<std::size_t>(i));
  };
  int checked = 0;
  for (const Step& step : plan.steps) {
    if (std::holds_alternative<XnnStep>(step)) continue;
    std::vector<int> touched;
    for (int k : step_ops(step)) {
      const Op& op = graph.ops[static_cast<std::size_t>(k)];
      for (int t : op.inputs) touched.push_back(t);
      touched.push_back(op.output);
    }
    std::vector<int> kept;  // the ones in the arena
    for (int t : touched) {
      if (std::count(plan.boundaries.begin(), plan.boundaries.end(), t)) kept.push_back(t);
    }
    for (int a : kept) {
      for (int b : kept) {
        const TensorLife la = life_of(a), lb = life_of(b);
        EXPECT_TRUE(la.first <= lb.last && lb.first <= la.last) << "tensors " << a << " and " << b;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 0);
}

// The plan without the input conv kernel (a switch of its own) stays right too.
TEST_P(EngineModel, WithoutTheInputConvKernelStaysWithin1e4OfXnnpackAlone) {
  Graph graph = tflite::load_model_file(resolve_model(GetParam()));
  apply_load_time_rewrites(graph);
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> dist(0.0f, 1.0f);
  std::vector<float> input(element_count(graph.tensors[static_cast<std::size_t>(graph.input)].shape));
  for (float& v : input) v = dist(rng);
  Engine engine(graph, 1, {.own_input_conv = false});
  EXPECT_EQ(std::count_if(engine.plan().steps.begin(), engine.plan().steps.end(),
                          [](const Step& s) { return std::holds_alternative<InputConvStep>(s); }),
            0);
  const ExecutionPlan by_default = plan_execution(graph, {});
  EXPECT_EQ(std::count_if(by_default.steps.begin(), by_default.steps.end(),
                          [](const Step& s) { return std::holds_alternative<InputConvStep>(s); }),
            1);
  std::copy(input.begin(), input.end(), engine.input());
  engine.run();
  const auto expected = test::run(graph, input);
  float worst = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) worst = std::max(worst, std::abs(engine.output()[i] - expected[i]));
  EXPECT_LE(worst, 1e-4f) << GetParam();
}

INSTANTIATE_TEST_SUITE_P(BothModels, EngineModel, testing::Values("general", "landscape"));

}  // namespace
}  // namespace fakecam::segment
