#pragma once
// What a Keras model file says about the model as a whole, beside its layers: the type of
// each input (from an InputLayer, or from the first layer of a Sequential model), the image
// dim ordering a Keras 1 file assumed, how many nodes it makes.

#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "ir/Graph.h"
#include "ir/TensorType.h"
#include "ir/Value.h"

namespace graphlint {

/// The input type a config declares, batch dim included: `batch_shape` (Keras 3),
/// `batch_input_shape` (Keras 1/2), `input_shape` (without the batch dim), or Keras 1's
/// `input_dim` / `input_length` (`embeddingFirst`: the first layer is an Embedding, whose
/// input is (batch, input_length) token indices). The batch dim is the symbol `batch`; other
/// nulls are declared Nones. A dim that is not an integer or null becomes unknown, with a note
/// about input `name`. nullopt when the config declares no shape.
std::optional<TensorType> declaredInputType(const Value& config, bool embeddingFirst, llvm::StringRef name,
                                            std::vector<ImportNote>& notes);

/// The image dim ordering a Keras 1 model's layers saved ("th" or "tf"), which was also the
/// keras.json setting for the layers that saved none; the more frequent one if they differ,
/// empty if none saved one.
std::string savedDimOrdering(const Value& model);

/// Layer entries and their calls in a model config, nested models included: an upper bound
/// for the graph's node count, up to shared nested models called several times.
size_t countLayerCalls(const Value& model);

}  // namespace graphlint
