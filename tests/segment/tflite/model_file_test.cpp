// SPDX-License-Identifier: GPL-3.0-or-later
// Whole files that are not (whole) models: truncation, other file types,
// random bytes, byte flips, and edits of a copy of the real model (operators
// fakecam does not run, bad indices, another schema version). Each is refused
// with a fakecam::Error naming the file and the problem, never a crash.

#include "segment/tflite/model_loader.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

#include "segment/tflite/loader_test_support.hpp"

namespace fakecam::segment {
namespace {

using test::general_model;
using test::load_error;
namespace schema = fakecam::tflite;

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
    const bool says_why =
        error->find("truncated") != std::string::npos || error->find("not a TFLite model") != std::string::npos;
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
    if (std::max<int>(code->deprecated_builtin_code(), static_cast<int>(code->builtin_code())) !=
        static_cast<int>(schema::BuiltinOperator::HARD_SWISH))
      continue;
    // HARD_SWISH becomes RESHAPE (22), which fakecam does not run.
    if (auto at = field_offset(file, code, schema::OperatorCode::VT_DEPRECATED_BUILTIN_CODE)) {
      write_at(file, *at, static_cast<std::int8_t>(schema::BuiltinOperator::RESHAPE));
    }
    if (auto at = field_offset(file, code, schema::OperatorCode::VT_BUILTIN_CODE)) {
      write_at(file, *at, static_cast<std::int32_t>(schema::BuiltinOperator::RESHAPE));
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

}  // namespace
}  // namespace fakecam::segment
