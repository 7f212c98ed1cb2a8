#pragma once
// Helpers shared by the layer families' shape rules.

#include <string>
#include <vector>

#include "catalogue/LayerSchema.h"

namespace graphlint {

/// The dtype a layer computes in: its `dtype` attribute when it names one, else float32
/// (Keras' default policy).
DType computeDType(const LayerCall& call);

/// Fails unless input `index` has a known rank within [minRank, maxRank]; an unknown rank
/// passes (nothing is provable). `what` names the expectation for the message, e.g.
/// "a 3-D input (batch, timesteps, features)".
std::optional<Error> checkRank(const LayerCall& call, size_t index, size_t minRank, size_t maxRank,
                               llvm::StringRef what);

/// Resolves a possibly negative axis against a rank; nullopt if out of range.
std::optional<size_t> normalizeAxis(int64_t axis, size_t rank);

/// Element count of a list of tensors (unknown if any rank is unknown).
Dim totalElements(llvm::ArrayRef<TensorType> tensors);

/// A single output.
inline Result<std::vector<TensorType>> single(TensorType type) {
  return std::vector<TensorType>{std::move(type)};
}

/// `(batch, 32)` style, for messages about input `index`.
std::string inputShapeStr(const LayerCall& call, size_t index);

/// NumPy / Keras-merge broadcasting of two shapes. Fails with both shapes when two dims are
/// provably different and neither is 1. Two symbolic dims that are neither are assumed equal
/// (recorded in `log`, if any).
Result<Dims> broadcastShapes(const Dims& a, const Dims& b, llvm::StringRef verb, AssumptionLog* log = nullptr);

// Sliding-window layers (convolution and pooling) over (batch, spatial..., channels) inputs.

/// Whether the layer's `data_format` is "channels_first"; null is Keras' default, channels_last.
bool isChannelsFirst(const LayerCall& call);

/// "a 4-D input (batch, rows, cols, channels)" for a layer with `spatialRank` spatial axes.
std::string spatialInputDescription(size_t spatialRank, bool channelsFirst);

/// The name of spatial axis `axis` in messages: steps; rows, cols; depth, rows, cols.
std::string spatialAxisName(size_t spatialRank, size_t axis);

/// A shape of rank spatialRank + 2 taken apart by data format, and put back together.
struct SpatialDims {
  Dim batch;
  Dims spatial;
  Dim channels;
  bool channelsFirst = false;

  static SpatialDims split(const Dims& dims, bool channelsFirst);
  /// All dims unknown, for an input whose rank is unknown.
  static SpatialDims unknown(size_t spatialRank, bool channelsFirst);
  Dims join() const;
};

/// An attribute given per spatial axis (kernel_size, strides, dilation_rate, pool_size, ...):
/// one integer for every axis, or a list of exactly `spatialRank` integers, each >= minValue.
Result<llvm::SmallVector<int64_t, 3>> spatialInts(const LayerCall& call, const Value& value,
                                                  llvm::StringRef name, size_t spatialRank,
                                                  int64_t minValue);

/// A convolution's kernel_size, strides and dilation_rate, one value per spatial axis.
struct ConvWindow {
  llvm::SmallVector<int64_t, 3> kernel, strides, dilation;
};
/// Reads a convolution call's window attributes (each >= 1), failing like spatialInts.
Result<ConvWindow> convWindow(const LayerCall& call, size_t spatialRank);

enum class WindowKind { Convolution, Pooling };

/// One spatial axis of a sliding window.
struct Window {
  int64_t size = 1;  // kernel or pool size
  int64_t stride = 1;
  int64_t dilation = 1;
};

/// The output length of one spatial axis, as Keras' compute_conv_output_shape and
/// compute_pooling_output_shape give it: padding "valid" is
/// `(in - dilation*(size-1) - 1)//stride + 1`; "same" and "causal" are `cdiv(in, stride)`.
/// Fails when the length is provably < 1, with the formula and its values.
Result<Dim> windowOutputSize(const LayerCall& call, WindowKind kind, llvm::StringRef padding,
                             size_t spatialRank, size_t axis, const Dim& in, const Window& window);
/// The same for a caller that is not a layer (an op): `who` begins the message ("conv:").
/// Padding "explicit" means `in` already holds the padding cells: the window slides as "valid".
Result<Dim> windowOutputSize(llvm::StringRef who, WindowKind kind, llvm::StringRef padding, size_t spatialRank,
                             size_t axis, const Dim& in, const Window& window);

/// The output length of one spatial axis of a transposed convolution, as Keras'
/// compute_conv_transpose_output_shape gives it; without `outputPadding` Keras infers it.
/// Fails like windowOutputSize; `who` begins the message.
Result<Dim> transposedWindowOutputSize(llvm::StringRef who, llvm::StringRef padding, size_t spatialRank, size_t axis,
                                       const Dim& in, const Window& window, std::optional<int64_t> outputPadding);

/// Whether every value of the symbols makes `size` < 1.
bool isProvablyNonPositive(const Dim& size);

/// "<Class> output size is not positive: with padding 'valid', rows = <formula> = <values> = <result>".
Error nonPositiveSizeError(const LayerCall& call, llvm::StringRef padding, llvm::StringRef axisName,
                           llvm::StringRef formula, llvm::StringRef values, const Dim& result);
/// The same, beginning with `who` instead of the layer's class.
Error nonPositiveSizeError(llvm::StringRef who, llvm::StringRef padding, llvm::StringRef axisName,
                           llvm::StringRef formula, llvm::StringRef values, const Dim& result);

// Axis attributes of normalization-style layers.

/// Resolves an `axis` attribute (an integer or a list of integers) against the known rank of
/// input `index`, in the order given. Fails naming the layer, the axis and the input when an
/// axis is out of range, and, unless `allowDuplicates`, when two entries name the same dim.
Result<llvm::SmallVector<size_t, 4>> resolveAxes(const LayerCall& call, size_t index, const Value& axis,
                                                 bool allowDuplicates = true);

}  // namespace graphlint
