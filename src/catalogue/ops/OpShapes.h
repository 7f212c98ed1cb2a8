#pragma once
// Shape rules of function-style ops, by family name (the `shape` field of an op entry, or of
// a backend spelling whose semantics differ from keras.ops').

#include <vector>

#include "catalogue/Assumptions.h"
#include "catalogue/ops/OpCatalogue.h"
#include "ir/TensorType.h"

namespace graphlint {

/// The output types of an op applied to `tensors` (the node's tensor inputs, in the node's
/// order; `args.tensorOrder` puts them in keras.ops order) with `args` (its other arguments
/// in keras.ops names). A family that cannot say anything gives one unknown output; a
/// provable contradiction is an error. Dims the rule needs equal without proof go to `log`.
Result<std::vector<TensorType>> inferOpOutputs(const OpEntry& entry, const KerasArgs& args,
                                               llvm::ArrayRef<TensorType> tensors, AssumptionLog* log = nullptr);

/// Whether inferOpOutputs gives the call's true number of outputs (split gives one per
/// piece, top_k two) rather than one placeholder. `tensors` (the node's, as for
/// inferOpOutputs) matter to ops whose count is a dim: unstack without `num`.
bool knowsOutputCount(const OpEntry& entry, const KerasArgs& args = {}, llvm::ArrayRef<TensorType> tensors = {});

/// Whether the family name is one inferOpOutputs knows.
bool isKnownShapeFamily(llvm::StringRef family);

/// Whether `rule` is one of the dtype rules an op entry may name (see OpEntry::dtype).
bool isKnownDTypeRule(llvm::StringRef rule);

}  // namespace graphlint
