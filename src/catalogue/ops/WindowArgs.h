#pragma once
// The sliding-window arguments of the convolution and pooling ops (conv, depthwise_conv,
// conv_transpose, max_pool, avg_pool), read from a call in whichever spelling it is written:
//   - keras.ops and tf.nn (families conv, depthwise_conv, conv_transpose, pool): channels last
//     unless data_format says otherwise (Keras' names or TF's layout strings such as NCHW),
//     padding 'valid' / 'same' in either case or TF's explicit list of (before, after) pairs,
//     per-axis values as one int, one per spatial axis, or TF's list with batch and channel
//     entries; a kernel (spatial..., in, out);
//   - torch.nn.functional (torch_conv, torch_conv_transpose, torch_pool): channels first,
//     padding a number of cells per side or 'same' / 'valid', groups; a weight (out, in, k...)
//     ((in, out, k...) when transposed);
//   - jax.lax (lax_conv): channels first with an (out, in, k...) kernel (the default
//     dimension_numbers), padding 'SAME' / 'VALID' or (low, high) pairs, feature_group_count.
// Shape inference and the executor's kernels both read the arguments through here.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "catalogue/ops/OpCatalogue.h"

namespace graphlint::ops {

/// Whose argument conventions a call follows (from its shape family).
enum class WindowConvention { Keras, Torch, Lax };

/// The convention of a window family name; nullopt for a family that is not a window op's.
std::optional<WindowConvention> windowConventionOf(llvm::StringRef family);

enum class PaddingMode { Valid, Same, Causal, Explicit };

/// A call's window arguments, one value per spatial axis.
struct WindowArgs {
  WindowConvention convention = WindowConvention::Keras;
  bool channelsFirst = false;
  PaddingMode padding = PaddingMode::Valid;
  /// Explicit padding: the cells added (before, after) each spatial axis.
  std::vector<std::pair<int64_t, int64_t>> pads;
  std::vector<int64_t> strides, dilation;
  /// Pooling only: the window's size (convolutions take it from their kernel).
  std::vector<int64_t> poolSize;
  /// Transposed convolutions: Keras' and torch's output_padding; empty when not given.
  std::vector<int64_t> outputPadding;
  /// torch's groups, jax's feature_group_count (keras.ops infers groups from the kernel).
  int64_t groups = 1;
  /// torch pooling: ceil_mode, and avg_pool2d's count_include_pad (True by default there).
  bool ceilMode = false;
  bool countIncludePad = false;

  /// "valid", "same", "causal" or "explicit", for messages and the shared window arithmetic.
  std::string paddingName() const;
  /// The padding before spatial axis `axis` for explicit padding, else 0.
  int64_t padBefore(size_t axis) const { return padding == PaddingMode::Explicit ? pads[axis].first : 0; }
  int64_t padAfter(size_t axis) const { return padding == PaddingMode::Explicit ? pads[axis].second : 0; }
};

/// What a window op does, beyond its spelling's conventions.
enum class WindowOp { Conv, DepthwiseConv, ConvTranspose, Pool };

/// Reads the window arguments of a call (keras args after the spelling's renames, and the
/// dropped backend args) for `spatialRank` spatial axes. Nullopt when an argument is not a
/// literal the rule can read (a tensor, an unsupported dimension_numbers): the result is then
/// unknown. Fails, starting with `who`, on a value the spelling does not accept.
Result<std::optional<WindowArgs>> readWindowArgs(llvm::StringRef who, const KerasArgs& args,
                                                 WindowConvention convention, WindowOp op, size_t spatialRank);

/// Where the layout puts the channels when known before the rank is (data_format alone);
/// torch and jax are channels first.
Result<bool> readChannelsFirst(llvm::StringRef who, const KerasArgs& args, WindowConvention convention);

}  // namespace graphlint::ops
