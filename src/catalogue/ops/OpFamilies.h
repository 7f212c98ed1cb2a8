#pragma once
// The shape families of function-style ops, one function each, grouped by file:
// OpShapes.cpp (element-wise ones and the family table), ReshapeOps.cpp, RearrangeOps.cpp,
// IndexingOps.cpp, GatherOps.cpp, GetItemOps.cpp, ImageOps.cpp, LinalgOps.cpp and ConvOps.cpp.
// Internal to src/catalogue/ops; the rest of graphlint calls inferOpOutputs.
// Semantics are those of Keras 3's compute_output_spec (keras/src/ops/{numpy,nn,math,core}.py),
// with NumPy's where Keras leaves a size unknown.

#include <optional>
#include <string>
#include <vector>

#include "catalogue/Assumptions.h"
#include "catalogue/ops/OpCatalogue.h"
#include "ir/TensorType.h"

namespace graphlint::ops {

using Outputs = Result<std::vector<TensorType>>;

/// One op call, in keras.ops terms.
struct OpCall {
  const OpEntry& entry;
  const KerasArgs& args;
  llvm::ArrayRef<TensorType> tensors;  // in keras.ops parameter order
  DType dtype;                         // the entry's dtype rule applied to the tensors
  AssumptionLog* log;

  /// The argument as given, or null.
  const Value* arg(llvm::StringRef name) const { return args.find(name); }
  /// The argument if it is an integer, else the catalogue default if that is one, else fallback.
  int64_t intArg(llvm::StringRef name, int64_t fallback) const;
  /// The argument if it is a boolean, else whether the catalogue default is True.
  bool boolArg(llvm::StringRef name) const;
  /// The output when nothing is known beyond the dtype.
  Outputs unknownOutput() const { return one(TensorType{dtype, std::nullopt}); }
  /// "<op>: <message>" as an error.
  Error error(const std::string& message) const { return makeError(entry.op + ": " + message); }

  static Outputs one(TensorType type) { return std::vector<TensorType>{std::move(type)}; }
};

/// Axes from an `axis` argument (int, list of ints, or null for "all"), normalized; nullopt
/// with `error` empty when they are not all integers, with `error` set when one is out of range.
std::optional<std::vector<size_t>> axesOf(const Value* axis, size_t rank, std::string& error);

/// `[1, 2]` for a list of integers, nullopt for anything else.
std::optional<std::vector<int64_t>> intList(const Value* v);

// OpShapes.cpp
Outputs sameShape(const OpCall& call);
Outputs broadcast(const OpCall& call);
/// tf.__operators__.eq / ne (`==` / `!=` in tf.keras 2): broadcast where the shapes allow;
/// shapes that cannot broadcast give a plain False / True, not an error, so an unknown shape.
Outputs lenientBroadcast(const OpCall& call);
/// The dtype a constant argument takes from the call's tensors: the first non-bool one's
/// (the data operand of where(condition, x, 2.0)), else the first one's.
DType constantPeerDType(llvm::ArrayRef<TensorType> tensors);
/// The tensor a constant argument stands for (tf.math.multiply's y: 2.0): the shape of its
/// nested lists; Python numbers are weakly typed, so they take the peer's dtype (an int
/// constant any numeric one, a float constant a float one, float32 next to integers).
/// Unknown when it is not a rectangular array of numbers.
TensorType constantTensorType(const Value& constant, DType peer);

// ReshapeOps.cpp
Outputs reshape(const OpCall& call);
Outputs expandDims(const OpCall& call);
Outputs squeeze(const OpCall& call);
Outputs transpose(const OpCall& call);
Outputs concatenate(const OpCall& call);
Outputs stack(const OpCall& call);
Outputs tile(const OpCall& call);
Outputs pad(const OpCall& call);
/// keras.ops.split: an int is a number of equal sections, a list the indices to cut at.
Outputs split(const OpCall& call);
/// tf.split: an int is a number of equal sections, a list the size of each piece (one -1).
Outputs splitSizes(const OpCall& call);

// IndexingOps.cpp
Outputs oneHot(const OpCall& call);
Outputs reduce(const OpCall& call);
Outputs take(const OpCall& call);
Outputs topK(const OpCall& call);
Outputs arange(const OpCall& call);
Outputs shapeOf(const OpCall& call);
/// tf.shape: the dims as a 1-D int32 tensor.
Outputs tensorShape(const OpCall& call);
/// keras.ops.ndim / tf.rank: a scalar.
Outputs rank(const OpCall& call);
/// moments(x, axes, keepdims): the mean and the variance, each x reduced over the axes.
Outputs moments(const OpCall& call);

// RearrangeOps.cpp
/// swapaxes(x, axis1, axis2): the two dims trade places.
Outputs swapaxes(const OpCall& call);
/// unstack(x, num, axis): one output per entry of the axis, each without it.
Outputs unstack(const OpCall& call);
/// Whether unstack's output count is known: `num` is given, or the axis has a constant size.
bool unstackKnowsCount(const OpCall& call);
/// repeat(x, repeats, axis): each entry along the axis (of x flattened, without one) repeated.
Outputs repeat(const OpCall& call);
/// broadcast_to(x, shape): the shape, which x must broadcast to.
Outputs broadcastTo(const OpCall& call);
/// torch.broadcast_to / Tensor.expand: the same, where a -1 keeps x's dim.
Outputs expand(const OpCall& call);

// GatherOps.cpp
/// take_along_axis(x, indices, axis): x and indices broadcast but along the axis, which takes
/// the indices' size; without an axis, x is flattened and the indices are 1-D.
Outputs takeAlongAxis(const OpCall& call);
/// torch.gather(input, dim, index): the index's shape, no broadcasting.
Outputs torchGather(const OpCall& call);
/// tf.gather_nd(params, indices, batch_dims): indices[..., :k] address the params' axes
/// after the batch ones.
Outputs gatherNd(const OpCall& call);
/// tf.boolean_mask(tensor, mask, axis): the masked axes become one of data-dependent size.
Outputs booleanMask(const OpCall& call);
/// torch.masked_select(input, mask): 1-D, of data-dependent size; input and mask broadcast.
Outputs maskedSelect(const OpCall& call);
/// np.extract(condition, arr): 1-D, of data-dependent size.
Outputs extract(const OpCall& call);

// GetItemOps.cpp
/// x[slice_spec]: NumPy basic indexing, as tf.__operators__.getitem and Keras 3's GetItem do it.
Outputs getItem(const OpCall& call);

// ImageOps.cpp
/// keras.ops.image.resize: the height and width axes become `size`.
Outputs resize(const OpCall& call);

// LinalgOps.cpp
Outputs matmul(const OpCall& call);
Outputs einsum(const OpCall& call);

// ConvOps.cpp: sliding windows, in keras.ops / tf.nn, torch and jax.lax conventions.
Outputs conv(const OpCall& call);
Outputs torchConv(const OpCall& call);
Outputs laxConv(const OpCall& call);
Outputs depthwiseConv(const OpCall& call);
Outputs convTranspose(const OpCall& call);
Outputs torchConvTranspose(const OpCall& call);
/// max_pool and avg_pool (which one is the entry's op).
Outputs pool(const OpCall& call);
Outputs torchPool(const OpCall& call);

}  // namespace graphlint::ops
