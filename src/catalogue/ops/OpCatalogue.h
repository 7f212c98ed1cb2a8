#pragma once
// The catalogue of function-style ops: backend functions (`tf.one_hot`, `jnp.take`,
// `torch.nn.functional.one_hot`, `np.log`) and their `keras.ops` equivalents. It is data,
// read from rules/backend_ops.yaml (compiled into the binary), never code.

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"
#include "support/Result.h"

namespace graphlint {

/// One parameter of a function signature; `defaultText` is the Python literal, if any.
struct OpParam {
  std::string name;  // without the `*` of a variadic parameter
  std::optional<std::string> defaultText;
  /// `*operands`: takes any number of positional arguments (the node's tensors).
  bool variadic = false;
};

/// One framework's spelling of an op, with how its parameters map to the keras.ops ones.
struct BackendSpelling {
  std::string name;  // canonical, e.g. tf.one_hot
  std::vector<OpParam> params;
  llvm::StringMap<std::string> rename;  // backend param -> keras param
  std::vector<std::string> drop;        // backend params keras.ops has no equivalent for
  /// The dropped params that change the result's shape when not at their default.
  std::vector<std::string> reshapes;
  std::string note;                     // a caveat specific to this spelling
  /// The spelling's own shape family, when keras.ops' rule does not describe it (torch.split's
  /// int is a chunk size); empty for the entry's.
  std::string shape;
  /// keras args the backend's defaults amount to, added when a call leaves them out
  /// (tf.gather gathers on axis 0 where keras.ops.take flattens).
  std::vector<Value::Entry> implies;
  /// tf.keras records this name only for a Python operator (`x + y` is tf.__operators__.add),
  /// so the fix to suggest is the operator itself.
  bool fromOperator = false;
};

struct OpEntry {
  std::string op;                   // short name: one_hot
  std::optional<std::string> keras;  // keras.ops.one_hot, if keras.ops has it
  std::vector<OpParam> params;      // the keras.ops signature
  /// How many leading keras params take tensors; -1 when the first param is a list of tensors.
  /// A variadic param (`*operands`) takes tensors too: all that the leading ones leave.
  int tensors = 1;
  std::string shape = "unknown";   // shape-rule family (src/catalogue/ops/OpShapes.cpp)
  /// Output dtype rule: same | float (float inputs keep their dtype, integer and bool ones
  /// become float32) | float32 | int32 | int64 | bool | arg.
  std::string dtype = "same";
  std::string layer;               // a Keras layer alternative, with {param} placeholders
  std::string layerNote;
  /// Suggest `layer` only when the first input's rank is at most this.
  std::optional<int64_t> layerMaxRank;
  std::string note;
  /// The Python expression that calls this op on Keras 3 tensors, over the keras params:
  /// `{x1} + {x2}`; `{name:index}` writes a slice_spec as a subscript (`{x}[{slice_spec:index}]`).
  /// Empty when no operator does (`==` on a KerasTensor compares identity).
  std::string operatorText;
  /// one_hot only: suggest an Embedding instead when num_classes >= minClasses.
  std::optional<int64_t> embeddingMinClasses;
  int64_t embeddingOutputDim = 64;
  std::vector<BackendSpelling> backends;

  const OpParam* findParam(llvm::StringRef name) const;
  /// Whether keras param `index` takes the node's tensors rather than an argument.
  bool isTensorParam(size_t index) const;
  bool isTensorParam(llvm::StringRef name) const;
  /// Whether a variadic param takes the tensors, so a call may pass any number of them.
  bool hasVariadicTensors() const;
};

/// A tensor parameter given a constant instead of a node input: tf.keras records `x * 2.0`
/// as tf.math.multiply with input x and the argument y: 2.0.
struct ConstantTensor {
  size_t param;  // index of the keras param
  Value value;
};

/// Key of an argument passed by position rather than by name, followed by its position
/// (`_positional0`): frontends write these when the file does not name the parameter.
inline constexpr llvm::StringLiteral kPositionalPrefix = "_positional";

/// An op call's arguments in keras.ops terms, after renaming a backend's parameters.
struct KerasArgs {
  std::vector<Value::Entry> args;       // keras param name -> value, in the order given (no tensors)
  /// Tensor params given as constant arguments, in keras parameter order.
  std::vector<ConstantTensor> constants;
  std::vector<std::string> dropped;     // backend args with no keras.ops equivalent
  /// The dropped args with their values, by backend name, for the spelling-specific shape
  /// families and kernels that read them (torch's groups and numeric padding).
  std::vector<Value::Entry> droppedArgs;
  /// Dropped args whose values change the result's shape: keras.ops' rule does not apply.
  std::vector<std::string> reshaping;
  std::vector<std::string> unknown;     // args that are not parameters of the function
  /// The shape family that describes the call: the spelling's own, else the entry's; empty
  /// means the entry's.
  std::string shape;
  /// The node's tensors in keras.ops parameter order: the k-th keras tensor param that is not
  /// a constant takes node input tensorOrder[k]. Empty when that is the node's order
  /// (F.embedding(input, weight) is keras.ops.take(x=weight, indices=input): {1, 0}).
  std::vector<size_t> tensorOrder;
  const Value* find(llvm::StringRef name) const;
  /// A dropped arg's value by its backend name, or null.
  const Value* findDropped(llvm::StringRef backendName) const;
  /// `tensors` (in the node's order) in keras.ops parameter order.
  template <class T>
  std::vector<T> inKerasOrder(llvm::ArrayRef<T> tensors) const {
    if (tensorOrder.size() != tensors.size()) return tensors.vec();
    std::vector<T> out;
    for (size_t i : tensorOrder) out.push_back(tensors[i]);
    return out;
  }
  /// The same with the constants in their parameters' places, made by `fromConstant(value)`.
  template <class T, class FromConstant>
  std::vector<T> inKerasOrder(llvm::ArrayRef<T> tensors, FromConstant fromConstant) const {
    std::vector<T> out = inKerasOrder(tensors);
    for (const ConstantTensor& c : constants)  // in parameter order, so each lands at its index
      out.insert(out.begin() + static_cast<std::ptrdiff_t>(std::min(c.param, out.size())), fromConstant(c.value));
    return out;
  }
};

class OpCatalogue {
 public:
  /// The catalogue compiled into the binary. Aborts with a message if that data is broken
  /// (a build-time bug that the test suite catches).
  static const OpCatalogue& builtin();
  static Result<OpCatalogue> parse(llvm::StringRef yaml);

  /// Applies the prefix aliases (`jnp.` -> `jax.numpy.`, `F.` -> `torch.nn.functional.`).
  std::string canonicalName(llvm::StringRef name) const;
  /// "TensorFlow", "JAX", "PyTorch", "NumPy" for a backend op name; empty for anything else
  /// (keras.ops, operators).
  llvm::StringRef backendOf(llvm::StringRef canonical) const;
  bool isKerasOp(llvm::StringRef canonical) const { return canonical.startswith("keras.ops."); }

  struct Match {
    const OpEntry* entry = nullptr;
    const BackendSpelling* spelling = nullptr;  // null when the name is the keras.ops function
  };
  /// Looks up a canonical name among backend spellings and keras.ops functions.
  Match find(llvm::StringRef canonical) const;

  /// Every known spelling (backend and keras.ops), for "did you mean".
  std::vector<std::string> allNames() const;
  const std::vector<OpEntry>& entries() const { return entries_; }

  /// Translates a call's named args into keras.ops parameter names.
  static KerasArgs translate(const Match& match, const Value& args);

 private:
  std::vector<OpEntry> entries_;
  std::vector<std::pair<std::string, std::string>> aliases_;  // longest prefix first
  std::vector<std::pair<std::string, std::string>> backends_;
  llvm::StringMap<Match> byName_;
};

}  // namespace graphlint
