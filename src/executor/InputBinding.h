#pragma once
// Turns a model with symbolic input shapes into one the executor can run: each input gets a
// tensor (the user's, converted to the declared dtype, or a seeded one), every symbol and
// None dim gets a number, and the graph is copied with those numbers in its input types, so
// shape inference gives every tensor a concrete shape.

#include <cstdint>
#include <string>
#include <vector>

#include "llvm/ADT/StringMap.h"

#include "ir/Dim.h"
#include "ir/Graph.h"
#include "runtime/HostTensor.h"
#include "support/Result.h"

namespace graphlint {

/// Sizes for dims nothing else decides: batch (axis 0) and every other axis.
constexpr int64_t kDefaultBatch = 2;
constexpr int64_t kDefaultDim = 8;

struct BoundInputs {
  /// The model with every input's declared shape made of numbers.
  Graph graph;
  /// The symbol values used (given with --bind, read from input files, or defaults).
  DimBindings bindings;
  /// One per input node, in node order (see inputNodes()).
  std::vector<HostTensor> tensors;
  /// What was chosen for the user, one line each: defaults, generated inputs, conversions.
  std::vector<std::string> notes;
};

/// Binds `given` tensors (by input name) and `bindings` to `graph`'s inputs. An input file's
/// shape must fit the declared one: equal constants, the same value wherever one symbol
/// appears, any size for None. Missing inputs are generated from `seed`: floats uniform in
/// [-1, 1), integers uniform in [0, n) where n is the smallest vocabulary of the layers that
/// read them (Embedding's input_dim, CategoryEncoding's num_tokens, one_hot's depth) or 10,
/// bools fair coins. Fails naming the input and both sides of a conflict.
Result<BoundInputs> bindInputs(const Graph& graph, llvm::StringMap<HostTensor> given, const DimBindings& bindings,
                               uint64_t seed);

}  // namespace graphlint
