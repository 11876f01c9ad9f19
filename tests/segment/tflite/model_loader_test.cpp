// The TFLite loader: small models written with the flatc builder load into
// the expected Graph (FLOAT16 weights through DEQUANTIZE, both operator code
// fields, MediaPipe's custom transposed convolution), and every kind of bad
// file is refused with a fakecam::Error naming the file and the problem:
// truncation, other file types, random bytes, operators fakecam does not run
// (made by editing a copy of the real model), bad indices, buffers and shapes.

#include "segment/tflite/model_loader.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <fstream>
#include <optional>
#include <random>
#include <string_view>

#include "common/error.hpp"
#include "segment/tflite/tflite_builder_for_tests.hpp"
#include "segment/xnn/runtime.hpp"
#include "support/test_paths.hpp"

namespace fakecam::segment {
namespace {

using test::TfliteBuilder;
using tflite::load_model;
namespace schema = fakecam::tflite;

std::vector<std::uint8_t> read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::vector<std::uint8_t> general_model() { return read_file(fakecam::test::model_dir() / "selfie_segmentation.tflite"); }

// The Error message of loading `bytes`, or nullopt if it loaded. Any other
// exception fails the test.
std::optional<std::string> load_error(const std::vector<std::uint8_t>& bytes, const std::string& origin = "model.tflite") {
  try {
    load_model(bytes, origin);
  } catch (const Error& e) {
    return std::string(e.what());
  }
  return std::nullopt;
}

#define EXPECT_LOAD_ERROR(bytes, ...)                                                       \
  do {                                                                                      \
    const auto error_ = load_error(bytes);                                                  \
    ASSERT_TRUE(error_.has_value()) << "the model loaded";                                  \
    EXPECT_EQ(error_->find('\n'), std::string::npos) << "one line: " << *error_;             \
    EXPECT_TRUE(error_->starts_with("model.tflite: ")) << "names the file: " << *error_;     \
    for (std::string_view part_ : {__VA_ARGS__}) {                                          \
      EXPECT_NE(error_->find(part_), std::string::npos) << "'" << part_ << "' in: " << *error_; \
    }                                                                                       \
  } while (false)

// ---- valid models ---------------------------------------------------------

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

TEST(ModelLoader, Float16ConstantThroughDequantizeBecomesFloat32) {
  // 1, -2, 0.333251953125 (0x3555), 65504 (largest half), 2^-24 (smallest
  // subnormal), -0, as the filter [1,1,1,6] of a depthwise conv (multiplier 2).
  TfliteBuilder c;
  const int in = c.tensor({1, 1, 1, 3});
  const int h = c.half_constant({1, 1, 1, 6}, {0x3c00, 0xc000, 0x3555, 0x7bff, 0x0001, 0x8000});
  const int f = c.tensor({1, 1, 1, 6});
  c.unary(test::kDequantize, h, f);
  const int out6 = c.tensor({1, 1, 1, 6});
  c.depthwise_conv_2d(in, f, -1, out6, schema::Padding::VALID, 1, 2);
  const int out1 = c.tensor({1, 1, 1, 1});
  c.conv_2d(out6, c.float_constant({1, 1, 1, 6}, {1, 1, 1, 1, 1, 1}), -1, out1, schema::Padding::VALID, 1);
  const Graph g = load_model(c.finish(in, out1), "half");
  ASSERT_EQ(g.ops.size(), 2u);
  const Tensor& filter = g.tensors[static_cast<std::size_t>(g.ops[0].inputs[1])];
  EXPECT_EQ(filter.shape, (Shape{1, 1, 1, 6}));
  ASSERT_EQ(filter.data.size(), 6u);
  EXPECT_EQ(filter.data[0], 1.0f);
  EXPECT_EQ(filter.data[1], -2.0f);
  EXPECT_EQ(filter.data[2], 0.333251953125f);
  EXPECT_EQ(filter.data[3], 65504.0f);
  EXPECT_EQ(filter.data[4], std::ldexp(1.0f, -24));
  EXPECT_EQ(filter.data[5], 0.0f);
  EXPECT_TRUE(std::signbit(filter.data[5]));
  // The omitted bias (-1) became zeros of the output's channel count.
  const Tensor& bias = g.tensors[static_cast<std::size_t>(g.ops[0].inputs[2])];
  EXPECT_EQ(bias.data, std::vector<float>(6, 0.0f));
}

TEST(ModelLoader, RejectsNonFiniteFloat16Constant) {
  TfliteBuilder b;
  const int in = b.tensor({1, 1, 1, 3});
  const int h = b.half_constant({1, 1, 1, 3}, {0x3c00, 0x7c00 /* +inf */, 0});
  const int f = b.tensor({1, 1, 1, 3});
  b.unary(test::kDequantize, h, f);
  const int out = b.tensor({1, 1, 1, 1});
  b.conv_2d(in, f, -1, out, schema::Padding::VALID, 1);
  EXPECT_LOAD_ERROR(b.finish(in, out), "non-finite", "inf");
}

// [1,2,2,3] -> one op given by `code` -> [1,2,2,3]... made valid for HARD_SWISH
// by a 1x1 conv to one channel afterwards.
std::vector<std::uint8_t> hard_swish_model(std::uint32_t (TfliteBuilder::*opcode)(int)) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 2, 3});
  const int hs = b.tensor({1, 2, 2, 3});
  b.op((b.*opcode)(test::kHardSwish), {in}, {hs});
  const int out = b.tensor({1, 2, 2, 1});
  b.conv_2d(hs, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, out, schema::Padding::VALID, 1);
  return b.finish(in, out);
}

TEST(ModelLoader, ReadsTheBuiltinCodeFromEitherField) {
  for (auto field : {&TfliteBuilder::builtin, &TfliteBuilder::builtin_deprecated_only, &TfliteBuilder::builtin_int_only}) {
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
  b.op(b.builtin(150), {in}, {mid});
  const int out = b.tensor({1, 2, 2, 1});
  b.conv_2d(mid, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, out, schema::Padding::VALID, 1);
  EXPECT_LOAD_ERROR(b.finish(in, out), "unsupported operator builtin code 150 at op index 0");
}

std::vector<std::uint8_t> transpose_conv_model(const std::vector<std::uint8_t>& custom_options, const Shape& out_shape) {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 3, 3});
  const int filter = b.float_constant({1, 3, 3, 3}, std::vector<float>(27, 0.5f));
  const int bias = b.float_constant({1}, {0.25f});
  const int out = b.tensor(out_shape);
  b.op(b.custom("Convolution2DTransposeBias"), {in, filter, bias}, {out}, schema::BuiltinOptions::NONE, 0,
       custom_options);
  return b.finish(in, out);
}

std::vector<std::uint8_t> int32_bytes(std::vector<std::int32_t> v) {
  std::vector<std::uint8_t> bytes(v.size() * 4);
  std::memcpy(bytes.data(), v.data(), bytes.size());
  return bytes;
}

TEST(ModelLoader, ParsesTransposeConvBiasCustomOptions) {
  // padding 1 = SAME, stride_w 3, stride_h 2: output [1, 2*2, 3*3, 1].
  Graph same = load_model(transpose_conv_model(int32_bytes({1, 3, 2}), {1, 4, 9, 1}), "tconv");
  ASSERT_EQ(same.ops.size(), 1u);
  const auto& p = std::get<TransposeConvBias>(same.ops[0].params);
  EXPECT_EQ(p.padding, Padding::same);
  EXPECT_EQ(p.stride_w, 3);
  EXPECT_EQ(p.stride_h, 2);
  // padding 2 = VALID, strides 1, 2: output [(2-1)*2+3, (3-1)*1+3] = [5, 5].
  Graph valid = load_model(transpose_conv_model(int32_bytes({2, 1, 2}), {1, 5, 5, 1}), "tconv");
  const auto& q = std::get<TransposeConvBias>(valid.ops[0].params);
  EXPECT_EQ(q.padding, Padding::valid);
  EXPECT_EQ(q.stride_w, 1);
  EXPECT_EQ(q.stride_h, 2);
}

TEST(ModelLoader, RejectsBadTransposeConvBiasCustomOptions) {
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({1, 2}), {1, 4, 6, 1}), "op 0 (Convolution2DTransposeBias)",
                    "custom options must be 12 bytes", "found 8");
  EXPECT_LOAD_ERROR(transpose_conv_model({}, {1, 4, 6, 1}), "custom options must be 12 bytes", "found 0");
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({3, 2, 2}), {1, 4, 6, 1}), "padding code 3 is not supported");
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({1, 0, 2}), {1, 4, 6, 1}), "stride_w is 0");
  EXPECT_LOAD_ERROR(transpose_conv_model(int32_bytes({1, 2, 2}), {1, 4, 5, 1}), "has shape [1,4,5,1]",
                    "inputs give [1,4,6,1]");
}

TEST(ModelLoader, LoadsBothRealModels) {
  for (const char* name : {"selfie_segmentation.tflite", "selfie_segmentation_landscape.tflite"}) {
    const Graph g = tflite::load_model_file(fakecam::test::model_dir() / name);
    EXPECT_GT(g.ops.size(), 50u) << name;
    EXPECT_EQ(g.tensors[static_cast<std::size_t>(g.input)].shape.size(), 4u);
  }
}

// ---- files that are not (whole) models ------------------------------------

TEST(ModelLoaderRobustness, TruncatedRealModelIsRefused) {
  const auto full = general_model();
  ASSERT_GT(full.size(), 100000u);
  std::vector<std::size_t> lengths;
  for (std::size_t k = 0; k < 64; ++k) lengths.push_back(full.size() * k / 64);
  for (std::size_t short_by : {1, 2, 3, 4, 8, 16, 17, 100}) lengths.push_back(full.size() - short_by);
  for (std::size_t n : {1, 4, 7, 8, 9, 16}) lengths.push_back(n);
  for (std::size_t n : lengths) {
    SCOPED_TRACE("truncated to " + std::to_string(n) + " bytes");
    const std::vector<std::uint8_t> part(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n));
    const auto error = load_error(part);
    ASSERT_TRUE(error.has_value());
    EXPECT_TRUE(error->starts_with("model.tflite: ")) << *error;
    const bool says_why = error->find("truncated") != std::string::npos ||
                          error->find("not a TFLite model") != std::string::npos;
    EXPECT_TRUE(says_why) << *error;
  }
}

TEST(ModelLoaderRobustness, PngRenamedTfliteIsRefused) {
  const auto dir = fakecam::test::scratch_dir("loader-png");
  const auto path = dir / "model.tflite";
  std::filesystem::copy_file(fakecam::test::data_dir() / "selfie-ref" / "general" / "astronaut.png", path);
  try {
    tflite::load_model_file(path);
    FAIL() << "a PNG loaded as a model";
  } catch (const Error& e) {
    const std::string msg = e.what();
    EXPECT_NE(msg.find(path.string()), std::string::npos) << msg;
    EXPECT_NE(msg.find("not a TFLite model"), std::string::npos) << msg;
  }
}

TEST(ModelLoaderRobustness, MissingFileAndDirectoryAreRefused) {
  const auto dir = fakecam::test::scratch_dir("loader-missing");
  EXPECT_THROW(
      {
        try {
          tflite::load_model_file(dir / "nope.tflite");
        } catch (const Error& e) {
          EXPECT_NE(std::string(e.what()).find("no such model file"), std::string::npos) << e.what();
          throw;
        }
      },
      Error);
  EXPECT_THROW(tflite::load_model_file(dir), Error);
}

TEST(ModelLoaderRobustness, RandomBytesAreRefused) {
  std::mt19937 rng(1234);
  for (int i = 0; i < 2000; ++i) {
    std::vector<std::uint8_t> bytes(rng() % 4096);
    for (auto& byte : bytes) byte = static_cast<std::uint8_t>(rng());
    // Half the time give it the identifier so the verifier has to look inside.
    if (i % 2 == 0 && bytes.size() >= 8) std::memcpy(bytes.data() + 4, "TFL3", 4);
    EXPECT_TRUE(load_error(bytes).has_value()) << "random buffer " << i << " loaded";
  }
}

TEST(ModelLoaderRobustness, RandomByteFlipsInTheRealModelNeverCrash) {
  // Every edit either loads into a Graph or throws Error (anything else,
  // or a crash, fails the test). Most flips hit weights and still load.
  const auto full = general_model();
  std::mt19937 rng(42);
  int refused = 0;
  for (int i = 0; i < 300; ++i) {
    auto copy = full;
    for (int k = 0; k < 4; ++k) copy[rng() % copy.size()] = static_cast<std::uint8_t>(rng());
    if (load_error(copy).has_value()) ++refused;
  }
  RecordProperty("refused", refused);
}

// ---- edits of the real model ----------------------------------------------

// Byte offset in `file` of a pointer into it (as an integer, so that the
// edits below are plain index arithmetic on the vector).
std::size_t offset_in(const std::vector<std::uint8_t>& file, const void* p) {
  return reinterpret_cast<std::uintptr_t>(p) - reinterpret_cast<std::uintptr_t>(file.data());
}

// Where a table's scalar field lies in the file (nullopt if absent): the
// table starts with an offset back to its vtable, which gives the field's
// offset inside the table.
std::optional<std::size_t> field_offset(const std::vector<std::uint8_t>& file, const void* table,
                                        flatbuffers::voffset_t field) {
  const std::size_t t = offset_in(file, table);
  std::int32_t to_vtable;
  std::memcpy(&to_vtable, &file[t], 4);
  const auto vtable = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(t) - to_vtable);
  flatbuffers::voffset_t vtable_size, offset = 0;
  std::memcpy(&vtable_size, &file[vtable], 2);
  if (field < vtable_size) std::memcpy(&offset, &file[vtable + field], 2);
  if (offset == 0) return std::nullopt;
  return t + offset;
}

template <typename T>
void write_at(std::vector<std::uint8_t>& file, std::size_t offset, T value) {
  ASSERT_LE(offset + sizeof value, file.size());
  std::memcpy(&file[offset], &value, sizeof value);
}

// The first op (by index) whose operator code is `code_index`.
int first_op_using(const schema::Model& model, std::uint32_t code_index) {
  const auto* ops = model.subgraphs()->Get(0)->operators();
  for (flatbuffers::uoffset_t k = 0; k < ops->size(); ++k) {
    if (ops->Get(k)->opcode_index() == code_index) return static_cast<int>(k);
  }
  return -1;
}

TEST(ModelLoaderRobustness, UnsupportedBuiltinOperatorIsNamed) {
  auto file = general_model();
  const auto* model = schema::GetModel(file.data());
  const auto* codes = model->operator_codes();
  int edited_code = -1;
  for (flatbuffers::uoffset_t i = 0; i < codes->size(); ++i) {
    const auto* code = codes->Get(i);
    if (std::max<int>(code->deprecated_builtin_code(), code->builtin_code()) != test::kHardSwish) continue;
    // HARD_SWISH becomes RESHAPE (22), which fakecam does not run.
    if (auto at = field_offset(file, code, schema::OperatorCode::VT_DEPRECATED_BUILTIN_CODE)) {
      write_at(file, *at, static_cast<std::int8_t>(test::kReshape));
    }
    if (auto at = field_offset(file, code, schema::OperatorCode::VT_BUILTIN_CODE)) {
      write_at(file, *at, static_cast<std::int32_t>(test::kReshape));
    }
    edited_code = static_cast<int>(i);
  }
  ASSERT_GE(edited_code, 0) << "the general model uses HARD_SWISH";
  const int op = first_op_using(*model, static_cast<std::uint32_t>(edited_code));
  ASSERT_GE(op, 0);
  EXPECT_LOAD_ERROR(file, "unsupported operator RESHAPE at op index " + std::to_string(op));
}

TEST(ModelLoaderRobustness, UnknownCustomOperatorIsNamed) {
  auto file = general_model();
  const std::string_view name = "Convolution2DTransposeBias";
  const auto at = std::search(file.begin(), file.end(), name.begin(), name.end());
  ASSERT_NE(at, file.end());
  *(at + static_cast<std::ptrdiff_t>(name.size()) - 1) = 'X';
  const auto* model = schema::GetModel(file.data());
  int code_index = -1;
  for (flatbuffers::uoffset_t i = 0; i < model->operator_codes()->size(); ++i) {
    if (model->operator_codes()->Get(i)->custom_code() != nullptr) code_index = static_cast<int>(i);
  }
  ASSERT_GE(code_index, 0);
  const int op = first_op_using(*model, static_cast<std::uint32_t>(code_index));
  EXPECT_LOAD_ERROR(file, "unsupported custom operator 'Convolution2DTransposeBiaX' at op index " + std::to_string(op));
}

TEST(ModelLoaderRobustness, OutOfRangeTensorIndexInTheRealModel) {
  auto file = general_model();
  const auto* model = schema::GetModel(file.data());
  const auto* ops = model->subgraphs()->Get(0)->operators();
  const int k = static_cast<int>(ops->size()) / 2;
  const auto* inputs = ops->Get(static_cast<flatbuffers::uoffset_t>(k))->inputs();
  ASSERT_GT(inputs->size(), 0u);
  write_at(file, offset_in(file, inputs->data()), std::int32_t{99999});
  EXPECT_LOAD_ERROR(file, "op " + std::to_string(k) + ": input tensor index 99999 is out of range");
}

TEST(ModelLoaderRobustness, WrongSchemaVersionInTheRealModel) {
  auto file = general_model();
  const auto* model = schema::GetModel(file.data());
  const auto version = field_offset(file, model, schema::Model::VT_VERSION);
  ASSERT_TRUE(version.has_value());
  write_at(file, *version, std::uint32_t{4});
  EXPECT_LOAD_ERROR(file, "schema version 4 is not supported");
}

// ---- small models broken in one way ---------------------------------------

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
    b.unary(test::kLogistic, in, 7);
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

TEST(ModelLoaderRobustness, InconsistentShapes) {
  {  // Convolution output channels disagree with the filter.
    TfliteBuilder b;
    const int in = b.tensor({1, 4, 4, 3});
    const int out = b.tensor({1, 4, 4, 1});
    b.conv_2d(in, b.float_constant({2, 3, 3, 3}, std::vector<float>(54, 1.0f)), -1, out, schema::Padding::SAME, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (CONV_2D)", "has shape [1,4,4,1], but the inputs give [1,4,4,2]");
  }
  {  // Filter input channels disagree with the input.
    TfliteBuilder b;
    const int in = b.tensor({1, 4, 4, 3});
    const int out = b.tensor({1, 4, 4, 1});
    b.conv_2d(in, b.float_constant({1, 3, 3, 2}, std::vector<float>(18, 1.0f)), -1, out, schema::Padding::SAME, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (CONV_2D)", "filter", "[1,3,3,2]", "expected [O,KH,KW,3]");
  }
  {  // ADD of shapes that do not broadcast.
    TfliteBuilder b;
    const int in = b.tensor({1, 4, 4, 3});
    const int pooled = b.tensor({1, 2, 2, 3});
    b.average_pool_2d(in, pooled, schema::Padding::VALID, 2, 2, 2);
    const int sum = b.tensor({1, 4, 4, 3});
    b.add(in, pooled, sum);
    const int out = b.tensor({1, 4, 4, 1});
    b.conv_2d(sum, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 1 (ADD)", "shapes [1,4,4,3] and [1,2,2,3] do not broadcast");
  }
  {  // Bias of the wrong length.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 1});
    // Made one by one: the message names tensor numbers, and the order in
    // which a call's arguments run differs between compilers (gcc, clang).
    const int filter = b.float_constant({1, 1, 1, 3}, {1, 1, 1});
    const int bias = b.float_constant({2}, {0, 0});
    b.conv_2d(in, filter, bias, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "bias 3 't3' has shape [2], expected [1]");
  }
  {  // A VALID filter larger than the input leaves nothing.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 1, 1, 1});
    b.conv_2d(in, b.float_constant({1, 3, 3, 3}, std::vector<float>(27, 1.0f)), -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "output would be empty");
  }
}

TEST(ModelLoaderRobustness, GraphStructureProblems) {
  {  // Reading a tensor nobody produced.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int ghost = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 3});
    b.add(in, ghost, out);
    const int mask = b.tensor({1, 2, 2, 1});
    b.conv_2d(out, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, mask, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, mask), "op 0 (ADD)", "reads tensor 1 't1' before any operator produced it");
  }
  {  // Writing a tensor twice.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 1});
    const int w = b.float_constant({1, 1, 1, 3}, {1, 1, 1});
    b.conv_2d(in, w, -1, out, schema::Padding::VALID, 1);
    b.conv_2d(in, w, -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 1 (CONV_2D)", "already defined");
  }
  {  // Output never produced.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int relu = b.tensor({1, 2, 2, 3});
    b.unary(test::kRelu, in, relu);
    const int out = b.tensor({1, 2, 2, 1});
    EXPECT_LOAD_ERROR(b.finish(in, out), "no operator produces the output tensor 2");
  }
  {  // Input of the wrong shape.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 4});
    const int out = b.tensor({1, 2, 2, 1});
    b.conv_2d(in, b.float_constant({1, 1, 1, 4}, {1, 1, 1, 1}), -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "input tensor 0 't0' must be a float32 [1,H,W,3] image, not FLOAT32 [1,2,2,4]");
  }
  {  // Quantized tensor.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3}, schema::TensorType::INT8);
    EXPECT_LOAD_ERROR(b.finish(in, in), "tensor 0 't0' has type INT8, which fakecam does not support");
  }
  {  // A 1x1 average pool with stride 2: XNNPACK cannot run it.
    TfliteBuilder b;
    const int in = b.tensor({1, 4, 4, 3});
    const int pooled = b.tensor({1, 2, 2, 3});
    b.average_pool_2d(in, pooled, schema::Padding::VALID, 1, 1, 2);
    const int out = b.tensor({1, 2, 2, 1});
    b.conv_2d(pooled, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), -1, out, schema::Padding::VALID, 1);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (AVERAGE_POOL_2D)", "1x1 window with stride 2x2 is not supported");
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
  {  // MEAN over the channels.
    TfliteBuilder b;
    const int in = b.tensor({1, 2, 2, 3});
    const int out = b.tensor({1, 2, 2, 1});
    b.mean(in, b.int32_constant({1}, {3}), out, true);
    EXPECT_LOAD_ERROR(b.finish(in, out), "op 0 (MEAN)", "only the mean over height and width");
  }
}

}  // namespace
}  // namespace fakecam::segment
