#pragma once
// Shape rules of function-style ops, by family name (the `shape` field of an op entry).

#include <vector>

#include "catalogue/Assumptions.h"
#include "catalogue/ops/OpCatalogue.h"
#include "ir/TensorType.h"

namespace graphlint {

/// The output types of an op applied to `tensors` (the node's tensor inputs, in the order of
/// the op's tensor parameters) with `args` (its other arguments in keras.ops names). A family
/// that cannot say anything gives one unknown output; a provable contradiction is an error.
Result<std::vector<TensorType>> inferOpOutputs(const OpEntry& entry, const KerasArgs& args,
                                               llvm::ArrayRef<TensorType> tensors, AssumptionLog* log = nullptr);

/// Whether inferOpOutputs gives the op's true number of outputs (families with several
/// results whose rule is not written yet, such as split and top_k, give a placeholder).
bool knowsOutputCount(const OpEntry& entry);

/// Whether the family name is one inferOpOutputs knows.
bool isKnownShapeFamily(llvm::StringRef family);

}  // namespace graphlint
