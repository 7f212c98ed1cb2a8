#pragma once
// How each Keras generation writes one call of a layer ("inbound node"), decoded into one
// form: the tensors the call consumed and its other keyword arguments.
//   Keras 1: [[layer, node, tensor], ...]
//   Keras 2: [[layer, node, tensor, {kwargs}], ...]; tf.keras' op layers (TFOpLambda) write
//            a single first argument one level less nested: [layer, node, tensor, {kwargs}],
//            and constants in it as ["_CONSTANT_VALUE", -1, value, {kwargs}]. Tensors inside
//            kwargs are [layer, node, tensor].
//   Keras 3: {"args": [...], "kwargs": {...}} with tensors as
//            {"class_name": "__keras_tensor__", "config": {"keras_history": [layer, node, tensor]}}
//            anywhere inside args and kwargs.

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"
#include "support/Result.h"

namespace graphlint {

/// A layer output as Keras refers to it.
struct KerasTensorRef {
  std::string layer;
  int64_t node = 0;
  int64_t tensor = 0;
  SourceLoc loc;
};

/// One call of a layer.
struct KerasCall {
  /// The tensors consumed: the first argument's tensors in order, then tensors found in the
  /// keyword arguments, in the order written.
  std::vector<KerasTensorRef> tensors;
  /// For each tensor, the keyword it was passed as (`initial_state`, `value`); empty for the
  /// first argument's.
  std::vector<std::string> tensorKeywords;
  /// Keyword arguments that are not tensors (an op's `depth`, `axis`; a layer's `training`),
  /// and constants passed by position (tf.keras' `2.0 * x` records tf.math.multiply(2.0, x))
  /// as `_positional<i>`, i their position; the op catalogue names them by the function's
  /// parameter list.
  Value kwargs = Value::map({});
  SourceLoc loc;
};

/// Whether a layer name belongs to the model being read (a tensor reference must name one;
/// a list such as [\"a\", 0, 0] that names none is a constant).
using IsLayerName = llvm::function_ref<bool(llvm::StringRef)>;

/// Decodes a layer's `inbound_nodes` list into its calls.
Result<std::vector<KerasCall>> decodeInboundNodes(const Value& inboundNodes, IsLayerName isLayer);

/// Decodes a model's `input_layers` / `output_layers`: a list of [layer, node, tensor], or
/// (Keras 3, one tensor) a single such triple.
Result<std::vector<KerasTensorRef>> decodeEndpoints(const Value& endpoints, llvm::StringRef what);

}  // namespace graphlint
