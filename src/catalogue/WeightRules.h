#pragma once
// Helpers shared by the layer families' weight rules (LayerSchema::weights): element counts,
// weights of nested layers, LoRA adapters and initializer values Keras builds itself.

#include <string>
#include <vector>

#include "catalogue/LayerSchema.h"

namespace graphlint {

/// The product of `shape`'s dims: 1 for a scalar, unknown when a dim is unknown.
Dim elementCount(const Dims& shape);

/// `shape` as dims.
Dims constantDims(llvm::ArrayRef<int64_t> shape);

/// `weights` with `prefix` and a slash before each name (`forward_lstm/` + `lstm_cell/kernel`).
std::vector<WeightSpec> prefixed(llvm::StringRef prefix, std::vector<WeightSpec> weights);

/// The weights of a layer of an unknown class: one weight of unknown shape named after the
/// class, so that counts over it are unknown.
std::vector<WeightSpec> unknownLayerWeights(llvm::StringRef className);

/// A `{class_name, config}` initializer value, as a Keras file writes one.
Value initializerValue(llvm::StringRef className, std::vector<Value::Entry> config);

/// The weights of the layer `layer` (an AttrType::LayerConfig value, `{layer, config}`) when
/// called on `inputs`: unknownLayerWeights for a class the catalogue does not know.
std::vector<WeightSpec> nestedLayerWeights(const Value& layer, llvm::ArrayRef<TensorType> inputs,
                                           const LayerCall& outer);

/// The name a layer of `layer` (a `{layer, config}` value) has: its config's `name`, else
/// Keras' default, the class name in snake case (`SimpleRNN` -> `simple_rnn`).
std::string nestedLayerName(const Value& layer);

/// Keras 3's enable_lora, which build() calls when `lora_rank` is set: freezes the weight
/// named `frozen` (a kernel or embeddings table of shape (..., n)) and appends
/// `<prefix>_a` of shape (...dims but the last..., rank) and `<prefix>_b` of shape (rank, n).
/// Nothing happens when `loraRank` is null or 0, or `frozen` is missing.
void addLoraWeights(std::vector<WeightSpec>& weights, llvm::StringRef frozen, llvm::StringRef prefix,
                    const Value& loraRank);

}  // namespace graphlint
