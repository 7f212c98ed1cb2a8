#pragma once
// The graph IR every frontend produces and every pass reads: named nodes (inputs, Keras layers,
// backend or keras.ops calls, user custom layers) joined by tensor references, each carrying
// the place in the source file it came from.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/StringMap.h"

#include "support/SourceLoc.h"
#include "ir/TensorType.h"
#include "ir/Value.h"

namespace graphlint {

using NodeId = uint32_t;
constexpr NodeId kNoNode = ~NodeId{0};

/// A use of one output of a node, by name as written.
struct TensorRef {
  std::string nodeName;
  unsigned outputIndex = 0;
  SourceLoc loc;
  /// Filled by Graph::resolveReferences(); kNoNode if the name is unknown.
  NodeId node = kNoNode;

  /// `name` or `name:1`.
  std::string str() const;
};

enum class NodeKind {
  Input,   // a model input: a symbolic tensor with a declared type
  Layer,   // a Keras layer, by class name, with its config
  Op,      // a function call by qualified name (`tf.one_hot`, `keras.ops.one_hot`) with args
  Custom,  // a user's own Layer subclass, described by declared facts
};

llvm::StringRef nodeKindName(NodeKind kind);

/// What a spec declares about a user's custom layer (its code is not available).
struct CustomLayerFacts {
  /// The backend op its `call` wraps, e.g. `tf.one_hot`; empty if none.
  std::string wraps;
  SourceLoc wrapsLoc;
  bool definesCall = true;
  bool definesComputeOutputShape = false;
  bool definesGetConfig = false;
  /// Declared shape rule: patterns the inputs match (a plain symbol binds the dim it meets)
  /// and the output shapes in terms of those names. Absent: outputs are unknown.
  std::optional<std::vector<Dims>> inputPatterns;
  std::optional<std::vector<Dims>> outputShapes;
  SourceLoc shapeRuleLoc;
  std::optional<DType> outputDType;
  /// Declared weight count; unknown when not declared.
  std::optional<int64_t> params;
};

struct Node {
  std::string name;
  SourceLoc loc;  // where the node is written (its name, or its first key)
  NodeKind kind = NodeKind::Layer;
  /// Layer class name, qualified op name, or custom class name; "Input" for inputs.
  std::string type;
  SourceLoc typeLoc;
  std::vector<TensorRef> inputs;
  /// Layer calls: the keyword each input was passed by, for the inputs a layer takes by
  /// keyword beside its positional ones (MultiHeadAttention's `attention_mask`); those come
  /// after the positional inputs, which have an empty keyword here. Empty: all positional.
  std::vector<std::string> inputKeywords;
  /// Layer config, op arguments (a map), or custom layer config.
  Value config;
  /// Layer calls: the call's keyword arguments that are not tensors (`use_causal_mask`,
  /// `return_attention_scores`, `training`), a map; null when the call passes none.
  Value callArgs;
  /// For a second call of a layer object: the node whose layer (and weights) it reuses.
  std::optional<TensorRef> shares;
  /// Input nodes: the declared type.
  TensorType declared;
  CustomLayerFacts custom;
  /// Where an imported model file writes the layer, as a path into the file
  /// (`config.layers[12]`, `config.layers[3].config.layers[0]`); empty for YAML specs, whose
  /// line and column say it all.
  std::string configPath;

  /// How many inputs are positional (the rest are passed by keyword; see inputKeywords).
  size_t positionalInputCount() const;
};

/// A weight a model file lists with its shape (TF.js' weightsManifest), by the name it has
/// there (`dense/kernel`, `bidirectional/forward_lstm/lstm_cell/bias`).
struct FileWeight {
  std::string name;
  std::vector<int64_t> shape;
  SourceLoc loc;
};

/// Something a frontend noticed while translating a model file that the user should hear
/// about: a Keras 1 layer mapped to its Keras 3 name, a duplicate JSON key, a part of the
/// file it could not translate.
struct ImportNote {
  enum class Level { Note, Warning, Error };
  Level level = Level::Note;
  std::string message;
  SourceLoc loc;
  /// The node concerned, by name; empty for the file as a whole.
  std::string node;
};

struct Graph {
  std::string name;
  /// The file the graph was read from, as given on the command line.
  std::string file;
  std::vector<Node> nodes;
  std::vector<TensorRef> outputs;
  /// The first node with each name (a duplicate is a finding, not a load error).
  llvm::StringMap<NodeId> byName;
  /// What the file's format is, as a user would name it (`Keras 2.15 to_json`); empty for a
  /// YAML spec.
  std::string format;
  /// The Keras major version whose semantics the file follows: 1 or 2 for files Keras 1 or
  /// tf.keras wrote (and TF.js, a port of Keras 2), 3 for Keras 3 files and YAML specs.
  /// Numerics differ in places (`hard_sigmoid`).
  int kerasMajor = 3;
  std::vector<ImportNote> importNotes;
  /// The weights the file lists, when it lists them (TF.js model.json).
  std::vector<FileWeight> fileWeights;
  /// The text `file` names when it is not a file on disk (the config.json of a .keras
  /// archive, named `model.keras:config.json`), for quoting it under findings; empty otherwise.
  std::string embeddedSource;

  NodeId addNode(Node node);
  const Node* findNode(llvm::StringRef name) const;
  /// Resolves every TensorRef (node inputs, shares, outputs) against byName.
  void resolveReferences();
};

}  // namespace graphlint
