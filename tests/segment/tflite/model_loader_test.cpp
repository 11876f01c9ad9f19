// SPDX-License-Identifier: GPL-3.0-or-later
// The TFLite loader as a whole: small models written with the flatc builder
// load into the expected Graph (every operator, both operator code fields,
// the real models), and problems that are not one operator's are refused
// with a fakecam::Error naming the file and the problem: bad indices,
// buffers, graph inputs/outputs, tensor types, schema versions. Each
// operator's own checks are tested in ops/; whole files that are not models
// in model_file_test.cpp.

#include "segment/tflite/model_loader.hpp"

#include <gtest/gtest.h>

#include "segment/tflite/loader_test_support.hpp"
#include "segment/xnn/runtime.hpp"

namespace fakecam::segment {
namespace {

using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

TEST(ModelLoader, LoadsEveryOperator) {
  const Graph g = load_model(test::every_op_model(), "every_op");
  std::vector<std::string> names;
  for (const Op& op : g.ops) names.emplace_back(op_name(op.params));
  // DEQUANTIZE is folded into its constant: no op remains for it.
  EXPECT_EQ(names, (std::vector<std::string>{"CONV_2D", "HARD_SWISH", "DEPTHWISE_CONV_2D", "AVERAGE_POOL_2D",
                                             "LOGISTIC", "MUL", "MEAN", "ADD", "RELU", "Convolution2DTransposeBias",
                                             "RESIZE_BILINEAR", "CONV_2D", "LOGISTIC"}));
  EXPECT_EQ(g.tensors[static_cast<std::size_t>(g.input)].shape, (Shape{1, 4, 4, 3}));
  EXPECT_EQ(g.tensors[static_cast<std::size_t>(g.output)].shape, (Shape{1, 8, 8, 1}));
  EXPECT_EQ(g.tensors[static_cast<std::size_t>(g.input)].name, "input");
  // Source indices count the folded DEQUANTIZE (op 0).
  EXPECT_EQ(g.ops.front().source_index, 1);
  const auto& conv = std::get<Conv2D>(g.ops[0].params);
  EXPECT_EQ(conv.padding, Padding::same);
  EXPECT_EQ(conv.activation, Activation::relu6);
  const auto& dw = std::get<DepthwiseConv2D>(g.ops[2].params);
  EXPECT_EQ(dw.stride_h, 2);
  EXPECT_EQ(dw.depth_multiplier, 1);
  const auto& pool = std::get<AveragePool2D>(g.ops[3].params);
  EXPECT_EQ(pool.padding, Padding::valid);
  EXPECT_EQ(pool.filter_h, 2);
  EXPECT_TRUE(std::get<MeanHW>(g.ops[6].params).keep_dims);
  const auto& resize = std::get<ResizeBilinear>(g.ops[10].params);
  EXPECT_EQ(resize.out_h, 8);
  EXPECT_EQ(resize.out_w, 8);
  EXPECT_FALSE(resize.align_corners);
  EXPECT_TRUE(resize.half_pixel_centers);
}

TEST(ModelLoader, EveryOperatorModelRunsOnTheEngine) {
  // What the loader accepts, the engine must build and run.
  xnn::Runtime runtime(load_model(test::every_op_model(), "every_op"), 2);
  std::fill_n(runtime.input(), 4 * 4 * 3, 0.5f);
  runtime.run();
  for (int i = 0; i < 8 * 8; ++i) {
    EXPECT_TRUE(runtime.output()[i] > 0.0f && runtime.output()[i] < 1.0f) << "sigmoid output " << runtime.output()[i];
  }
}

// [1,2,2,3] -> one op given by `code` -> [1,2,2,3]... made valid for HARD_SWISH
// by a 1x1 conv to one channel afterwards.
std::vector<std::uint8_t> hard_swish_model(std::uint32_t (TfliteBuilder::*opcode)(test::Code)) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int hs = b.tensor({1, 2, 2, 3});
  b.op((b.*opcode)(test::Code::HARD_SWISH), {in}, {hs});
  const int out = b.tensor({1, 2, 2, 1});
  b.conv_2d(hs, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, out, schema::Padding::VALID, 1);
  return b.finish(in, out);
}

TEST(ModelLoader, ReadsTheBuiltinCodeFromEitherField) {
  for (auto field :
       {&TfliteBuilder::builtin, &TfliteBuilder::builtin_deprecated_only, &TfliteBuilder::builtin_int_only}) {
    const Graph g = load_model(hard_swish_model(field), "codes");
    ASSERT_EQ(g.ops.size(), 2u);
    EXPECT_TRUE(std::holds_alternative<HardSwish>(g.ops[0].params));
  }
}

TEST(ModelLoader, CodesAbove127UseTheIntField) {
  // TFLite writes 127 (PLACEHOLDER_FOR_GREATER_OP_CODES) in the byte field
  // for newer operators; the int field says which (here 150, unsupported).
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int mid = b.tensor({1, 2, 2, 3});
  b.op(b.builtin(static_cast<test::Code>(150)), {in}, {mid});
  const int out = b.tensor({1, 2, 2, 1});
  b.conv_2d(mid, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, out, schema::Padding::VALID, 1);
  EXPECT_LOAD_ERROR(b.finish(in, out), "unsupported operator builtin code 150 at op index 0");
}

TEST(ModelLoader, LoadsBothRealModels) {
  for (const char* name : {"selfie_segmentation.tflite", "selfie_segmentation_landscape.tflite"}) {
    const Graph g = tflite::load_model_file(fakecam::test::model_dir() / name);
    EXPECT_GT(g.ops.size(), 50u) << name;
    EXPECT_EQ(g.tensors[static_cast<std::size_t>(g.input)].shape.size(), 4u);
  }
}

TEST(ModelLoaderRobustness, OutOfRangeIndices) {
  {
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 1});
    b.conv_2d(in, 99, -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0: input tensor index 99 is out of range", "the model has 2 tensors");
  }
  {
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 1});
    b.unary(test::Code::LOGISTIC, in, 7);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0: output tensor index 7 is out of range");
  }
  {
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    EXPECT_LOAD_ERROR(b.finish(in, 5), "graph output tensor index 5 is out of range");
  }
  {
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    b.tensor_with_buffer({3}, schema::TensorType::FLOAT32, 40);
    EXPECT_LOAD_ERROR(b.finish(in, in), "tensor 1 't1' refers to buffer 40, but the model has 1 buffers");
  }
  {
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 1});
    b.op(12345, {in}, {out});
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0: operator code index 12345 is out of range");
  }
}

TEST(ModelLoaderRobustness, BufferTooSmallForTheShape) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int filter = b.float_constant({2, 3, 3, 3}, std::vector<float>(10, 1.0f));
  const int out = b.tensor({1, 2, 2, 2});
  b.conv_2d(in, filter, -1, out, schema::Padding::SAME, 1);
  EXPECT_LOAD_ERROR(b.finish(in, out), "tensor 1 't1' of shape [2,3,3,3] and type FLOAT32 needs 216 bytes",
                    "its buffer holds 40");
}

TEST(ModelLoaderRobustness, GraphInputsAndOutputs) {
  {  // Output never produced.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int relu = b.tensor({1, 2, 2, 3});
    b.unary(test::Code::RELU, in, relu);
    const int out = b.tensor({1, 2, 2, 1});
    EXPECT_LOAD_ERROR(b.finish(in, out), "no operator produces the output tensor 2");
  }
  {  // Input of the wrong shape.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 4});
    const int out = b.tensor({1, 2, 2, 1});
    b.conv_2d(in, b.float_constant({1, 1, 1, 4}, {1, 1, 1, 1}), -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out),
                      "input tensor 0 't0' must be a float32 [1,H,W,3] image, not FLOAT32 [1,2,2,4]");
  }
  {  // Quantized tensor.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3}, schema::TensorType::INT8);
    EXPECT_LOAD_ERROR(b.finish(in, in), "tensor 0 't0' has type INT8, which fakecam does not support");
  }
  {  // Wrong schema version and no operators.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    EXPECT_LOAD_ERROR(b.finish(in, in, 2), "TFLite schema version 2 is not supported");
    TfliteBuilder c;
    const int in2 = c.tensor({1, 2, 2, 3});
    const int out2 = c.tensor({1, 2, 2, 1});
    EXPECT_LOAD_ERROR(c.finish(in2, out2), "the model has no operators");
  }
}

TEST(ModelLoaderRobustness, TensorWrittenTwiceIsRefused) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int out = b.tensor({1, 2, 2, 1});
  const int w = b.float_constant({1, 1, 1, 3}, {1, 1, 1});
  b.conv_2d(in, w, -1, out, schema::Padding::VALID, 1);
  b.conv_2d(in, w, -1, out, schema::Padding::VALID, 1);
  EXPECT_LOAD_ERROR(b.finish(in, out), "op 1 (CONV_2D)", "already defined");
}

TEST(ModelLoader, NamesOperatorsFromTheSchema) {
  EXPECT_EQ(tflite::builtin_op_name(0), "ADD");
  EXPECT_EQ(tflite::builtin_op_name(22), "RESHAPE");
  EXPECT_EQ(tflite::builtin_op_name(117), "HARD_SWISH");
  EXPECT_EQ(tflite::builtin_op_name(126), "BATCH_MATMUL");
  EXPECT_EQ(tflite::builtin_op_name(127), "builtin code 127");
  EXPECT_EQ(tflite::builtin_op_name(-1), "builtin code -1");
}

}  // namespace
}  // namespace fakecam::segment
