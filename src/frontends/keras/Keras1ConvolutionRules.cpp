// Keras 1 convolution, locally connected, convolutional recurrent, pooling, padding, cropping
// and upsampling layers. Sources: Keras 2.0-2.2 keras/legacy/interfaces.py and
// keras/legacy/layers.py, and Keras 1.2.2's get_config() methods.

#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/STLExtras.h"

#include "frontends/keras/Keras1Rules.h"

namespace graphlint {
namespace {

using Settings = Keras1Settings;

/// What every Keras 1 convolution of `rank` spatial axes wrote for its filters, kernel,
/// strides, padding and channel axis.
void convolutionArguments(Keras1Rewrite& r, const Settings& s, int rank) {
  r.rename("nb_filter", "filters");
  if (rank == 1) {
    r.rename("filter_length", "kernel_size");
    r.rename("subsample_length", "strides");
  } else {
    if (rank == 2)
      r.combine({"nb_row", "nb_col"}, "kernel_size");
    else
      r.combine({"kernel_dim1", "kernel_dim2", "kernel_dim3"}, "kernel_size");
    r.rename("subsample", "strides");
  }
  translateBorderMode(r);
  if (rank > 1) translateDimOrdering(r, s);
}

void conv1d(Keras1Rewrite& r, const Settings& s) {
  convolutionArguments(r, s, 1);
  renameWeightArguments(r);
}

void conv2d(Keras1Rewrite& r, const Settings& s) {
  convolutionArguments(r, s, 2);
  renameWeightArguments(r);
}

void conv3d(Keras1Rewrite& r, const Settings& s) {
  convolutionArguments(r, s, 3);
  renameWeightArguments(r);
}

void atrousConv1d(Keras1Rewrite& r, const Settings& s) {
  conv1d(r, s);
  r.rename("atrous_rate", "dilation_rate");
}

void atrousConv2d(Keras1Rewrite& r, const Settings& s) {
  conv2d(r, s);
  r.rename("atrous_rate", "dilation_rate");
}

void deconv2d(Keras1Rewrite& r, const Settings& s) {
  conv2d(r, s);
  r.drop("output_shape", "Conv2DTranspose works its output shape out from its input (Keras 2 dropped it too)");
}

void separableConv2d(Keras1Rewrite& r, const Settings& s) {
  convolutionArguments(r, s, 2);
  r.split("init", {"depthwise_initializer", "pointwise_initializer"});
  r.rename("b_regularizer", "bias_regularizer");
  r.rename("b_constraint", "bias_constraint");
  r.rename("bias", "use_bias");
}

/// Keras 2 had LocallyConnected1D/2D with the Conv1D/Conv2D argument names; Keras 3 has neither.
void locallyConnected(Keras1Rewrite& r, const Settings& s) {
  if (r.keras1Class() == "LocallyConnected1D")
    conv1d(r, s);
  else
    conv2d(r, s);
  r.fail(r.keras1Class().str() + " was removed in Keras 3 (Keras 2 had it), and no layer replaces it");
}

void convLstm2d(Keras1Rewrite& r, const Settings& s) {
  conv2d(r, s);
  renameRecurrentArguments(r);
  translateForgetBiasInit(r);
}

void pooling1d(Keras1Rewrite& r, const Settings&) {
  r.rename("pool_length", "pool_size");
  r.rename("stride", "strides");
  translateBorderMode(r);
}

void pooling(Keras1Rewrite& r, const Settings& s) {
  translateBorderMode(r);
  translateDimOrdering(r, s);
}

void upSampling1d(Keras1Rewrite& r, const Settings&) { r.rename("length", "size"); }

/// The per-side amounts of a Keras 1 padding mapping, missing sides 0; fails on another key.
std::optional<std::vector<Value>> paddingSides(Keras1Rewrite& r, const Value& padding,
                                               llvm::ArrayRef<const char*> sides) {
  for (const Value::Entry& e : padding.entries())
    if (!llvm::is_contained(sides, e.key)) {
      std::string allowed;
      for (const char* side : sides) allowed += (allowed.empty() ? "" : ", ") + std::string(side);
      r.fail(r.keras1Class().str() + " padding mapping takes " + allowed + ", not '" + e.key + "'");
      return std::nullopt;
    }
  std::vector<Value> amounts;
  for (const char* side : sides) {
    const Value* amount = padding.find(side);
    amounts.push_back(amount ? *amount : Value::integer(0, padding.loc()));
  }
  return amounts;
}

/// ZeroPadding1D's padding as a {left_pad, right_pad} mapping -> [left, right].
void zeroPadding1d(Keras1Rewrite& r, const Settings&) {
  const Value* padding = r.find("padding");
  if (!padding || !padding->isMap()) return;
  if (auto sides = paddingSides(r, *padding, {"left_pad", "right_pad"}))
    r.replace("padding", "padding", Value::list(std::move(*sides), padding->loc()));
}

/// ZeroPadding2D's padding as (top, bottom, left, right) or a {top_pad, ...} mapping ->
/// [[top, bottom], [left, right]]; a pair keeps meaning one amount per axis.
void zeroPadding2d(Keras1Rewrite& r, const Settings& s) {
  const Value* padding = r.find("padding");
  std::optional<std::vector<Value>> sides;
  if (padding && padding->isMap())
    sides = paddingSides(r, *padding, {"top_pad", "bottom_pad", "left_pad", "right_pad"});
  else if (padding && padding->isList() && padding->items().size() == 4)
    sides = padding->items();
  if (sides) {
    SourceLoc loc = padding->loc();
    std::vector<Value>& v = *sides;
    r.replace("padding", "padding",
              Value::list({Value::list({v[0], v[1]}, loc), Value::list({v[2], v[3]}, loc)}, loc));
  }
  translateDimOrdering(r, s);
}

void dimOrderingOnly(Keras1Rewrite& r, const Settings& s) { translateDimOrdering(r, s); }

constexpr Keras1Rule kRules[] = {
    {"Convolution1D", "Conv1D", conv1d},
    {"AtrousConvolution1D", "Conv1D", atrousConv1d},
    {"Convolution2D", "Conv2D", conv2d},
    {"AtrousConvolution2D", "Conv2D", atrousConv2d},
    {"Deconvolution2D", "Conv2DTranspose", deconv2d},
    {"SeparableConvolution2D", "SeparableConv2D", separableConv2d},
    {"Convolution3D", "Conv3D", conv3d},
    {"LocallyConnected1D", nullptr, locallyConnected},
    {"LocallyConnected2D", nullptr, locallyConnected},
    {"ConvLSTM2D", nullptr, convLstm2d},
    {"MaxPooling1D", nullptr, pooling1d},
    {"AveragePooling1D", nullptr, pooling1d},
    {"MaxPooling2D", nullptr, pooling},
    {"AveragePooling2D", nullptr, pooling},
    {"MaxPooling3D", nullptr, pooling},
    {"AveragePooling3D", nullptr, pooling},
    {"GlobalMaxPooling2D", nullptr, dimOrderingOnly},
    {"GlobalAveragePooling2D", nullptr, dimOrderingOnly},
    {"GlobalMaxPooling3D", nullptr, dimOrderingOnly},
    {"GlobalAveragePooling3D", nullptr, dimOrderingOnly},
    {"UpSampling1D", nullptr, upSampling1d},
    {"UpSampling2D", nullptr, dimOrderingOnly},
    {"UpSampling3D", nullptr, dimOrderingOnly},
    {"ZeroPadding1D", nullptr, zeroPadding1d},
    {"ZeroPadding2D", nullptr, zeroPadding2d},
    {"ZeroPadding3D", nullptr, dimOrderingOnly},
    {"Cropping2D", nullptr, dimOrderingOnly},
    {"Cropping3D", nullptr, dimOrderingOnly},
};

}  // namespace

llvm::ArrayRef<Keras1Rule> keras1ConvolutionRules() { return kRules; }

}  // namespace graphlint
