// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A neural network as fakecam runs it: float32 tensors and the operators of
// the MediaPipe selfie models, independent of the file format it came from
// (see tflite/model_loader.hpp) and of the engine that executes it (see
// xnn/). Everything here has been validated by whoever built the Graph.

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace fakecam::segment {

using Shape = std::vector<int>;

std::size_t element_count(const Shape& shape);
std::string shape_string(const Shape& shape);

struct Tensor {
  std::string name;
  Shape shape;
  // Constant data (weights, biases), float32, element_count(shape) values;
  // empty for activations computed at run time.
  std::vector<float> data;
  bool is_constant() const { return !data.empty(); }
};

enum class Padding { same, valid };
enum class Activation { none, relu, relu_n1_to_1, relu6 };

struct Conv2D {
  Padding padding = Padding::same;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  Activation activation = Activation::none;
};
struct DepthwiseConv2D {
  Padding padding = Padding::same;
  int stride_h = 1, stride_w = 1;
  int dilation_h = 1, dilation_w = 1;
  int depth_multiplier = 1;
  Activation activation = Activation::none;
};
// MediaPipe's custom op "Convolution2DTransposeBias": a transposed convolution
// with bias, parameters in the op's custom_options.
struct TransposeConvBias {
  Padding padding = Padding::same;
  int stride_h = 1, stride_w = 1;
};
struct AveragePool2D {
  Padding padding = Padding::valid;
  int filter_h = 1, filter_w = 1;
  int stride_h = 1, stride_w = 1;
  Activation activation = Activation::none;
};
// Mean over the spatial axes of an NHWC tensor (the only reduction the
// models use); keep_dims decides whether the output is [N,1,1,C] or [N,C].
struct MeanHW {
  bool keep_dims = true;
};
struct Add {
  Activation activation = Activation::none;
};
struct Mul {
  Activation activation = Activation::none;
};
struct ResizeBilinear {
  int out_h = 0, out_w = 0;
  bool align_corners = false;
  bool half_pixel_centers = false;
};
// Moves channel blocks into space: output (y*B+by, x*B+bx, c) is input
// (y, x, (by*B + bx)*C + c), TensorFlow's DEPTH_TO_SPACE (DCR order). Not
// read from model files: made by fold_transpose_conv.hpp from a transposed convolution.
struct DepthToSpace {
  int block_size = 2;
};
struct HardSwish {};
struct Relu {};
struct Logistic {};

using OpParams = std::variant<Conv2D, DepthwiseConv2D, TransposeConvBias, AveragePool2D, MeanHW, Add, Mul,
                              ResizeBilinear, DepthToSpace, HardSwish, Relu, Logistic>;

// The operator's name as TFLite spells it, for messages.
const char* op_name(const OpParams& params);

struct Op {
  OpParams params;
  // Tensor indices. Convolutions: {input, filter, bias}; binary ops: {a, b};
  // the rest: {input}. Shape and constant-ness were checked by the loader.
  std::vector<int> inputs;
  int output = -1;
  int source_index = -1;  // position in the model file, for messages
};

struct Graph {
  std::vector<Tensor> tensors;
  std::vector<Op> ops;  // in execution order
  int input = -1;       // [1, H, W, 3] float RGB in [0, 1]
  int output = -1;      // [1, H, W, 1] float person confidence
};

}  // namespace fakecam::segment
