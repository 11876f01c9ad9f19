// SPDX-License-Identifier: GPL-3.0-or-later
// Writes small valid .tflite models into a directory, as seeds for the loader
// fuzzer: together they use every operator, option and layout the loader
// reads, so mutations start from files that get deep into it.
// Usage: make_tflite_seed_corpus OUTPUT_DIR

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "segment/tflite/tflite_builder_for_tests.hpp"

namespace {

using namespace fakecam::segment::test;
using schema::Padding;

std::vector<std::uint8_t> transpose_conv_valid() {
  TfliteBuilder b;
  const int in = b.tensor({1, 2, 3, 3});
  const int out = b.tensor({1, 5, 5, 1});
  b.transpose_conv_bias(in, b.float_constant({1, 3, 3, 3}, std::vector<float>(27, 0.25f)), b.float_constant({1}, {0}),
                        out, 2, 1, 2);
  return b.finish(in, out);
}

std::vector<std::uint8_t> resize_align_corners_and_mean_without_keep_dims() {
  TfliteBuilder b;
  const int in = b.tensor({1, 3, 5, 3});
  const int mean = b.tensor({1, 3});
  b.mean(in, b.int32_constant({2}, {-3, -2}), mean, false);
  const int scaled = b.tensor({1, 3, 5, 3});
  b.mul(in, mean, scaled);
  const int resized = b.tensor({1, 6, 9, 3});
  b.resize_bilinear(scaled, b.int32_constant({2}, {6, 9}), resized, true, false);
  const int legacy = b.tensor({1, 4, 4, 3});
  b.resize_bilinear(resized, b.int32_constant({2}, {4, 4}), legacy, false, false);
  const int out = b.tensor({1, 4, 4, 1});
  b.depthwise_conv_2d(legacy, b.float_constant({1, 2, 2, 3}, std::vector<float>(12, 0.5f)), -1, b.tensor({1, 4, 4, 3}),
                      Padding::SAME, 1, 1);
  b.conv_2d(legacy, b.float_constant({1, 1, 1, 3}, {1, 1, 1}), b.float_constant({1}, {0}), out, Padding::VALID, 1,
            schema::ActivationFunctionType::RELU_N1_TO_1);
  return b.finish(in, out);
}

std::vector<std::uint8_t> strided_pools() {
  TfliteBuilder b;
  const int in = b.tensor({1, 6, 6, 3});
  const int pooled = b.tensor({1, 3, 3, 3});
  b.average_pool_2d(in, pooled, Padding::SAME, 3, 3, 2);
  const int identity = b.tensor({1, 3, 3, 3});
  b.average_pool_2d(pooled, identity, Padding::VALID, 1, 1, 1);
  const int out = b.tensor({1, 2, 2, 1});
  b.conv_2d(identity, b.float_constant({1, 2, 2, 3}, std::vector<float>(12, 0.1f)), -1, out, Padding::VALID, 1,
            schema::ActivationFunctionType::RELU);
  return b.finish(in, out);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path dir = argv[1];
  std::filesystem::create_directories(dir);
  const std::vector<std::pair<std::string, std::vector<std::uint8_t>>> seeds = {
      {"every_op.tflite", every_op_model()},
      {"minimal.tflite", minimal_model()},
      {"transpose_conv_valid.tflite", transpose_conv_valid()},
      {"resize_and_mean.tflite", resize_align_corners_and_mean_without_keep_dims()},
      {"strided_pools.tflite", strided_pools()},
  };
  for (const auto& [name, bytes] : seeds) {
    std::ofstream out(dir / name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
    if (!out) {
      std::fprintf(stderr, "cannot write %s\n", (dir / name).c_str());
      return 1;
    }
  }
  return 0;
}
