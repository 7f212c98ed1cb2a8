#pragma once
// One entry per Keras layer class, holding everything graphlint knows about it: attributes
// (types, defaults, docs), how many inputs it takes, and its shape and weight rules
// (ONNX OpSchema style). Families of layers register themselves in src/catalogue/layers/.

#include <functional>
#include <optional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include "catalogue/Assumptions.h"
#include "ir/TensorType.h"
#include "ir/Value.h"
#include "support/Result.h"

namespace graphlint {

class LayerCatalogue;
struct Node;
struct LayerSchema;

enum class AttrType {
  Any,         // not checked (initializers, regularizers, constraints, seeds)
  Bool,
  Int,
  Float,       // an integer is accepted too
  String,
  Enum,        // a string from AttrSpec::choices
  Activation,  // a Keras activation name, or null for linear
  OptionalInt, // an integer or null
  IntList,     // a list of integers
  IntOrList,   // an integer or a list of integers (axes, kernel sizes)
  Shape,       // a list of dims (integers, -1 for "infer", null)
  LayerConfig, // a nested layer: {layer: ClassName, config: {...}}
};

/// "an integer", "a Keras activation name", ... for messages.
llvm::StringRef attrTypeDescription(AttrType type);

struct AttrSpec {
  std::string name;
  AttrType type = AttrType::Any;
  /// Absent for a required attribute.
  std::optional<Value> defaultValue;
  std::string doc;
  /// Allowed strings for AttrType::Enum (a null default is also allowed when given).
  std::vector<std::string> choices = {};
  /// The value's domain beyond its type: returns what is wrong ("must be >= 1"), or an
  /// empty string when the (well-typed) value is fine. Absent: any value of the type.
  std::function<std::string(const Value&)> domain = nullptr;
  /// Keras accepts the argument only to discard it (the base Layer's `input_shape`): it is
  /// never offered as the correction of a misspelt key.
  bool discarded = false;

  /// This spec marked as discarded by Keras.
  AttrSpec discardedByKeras() && {
    discarded = true;
    return std::move(*this);
  }

  /// This spec with a domain attached: `required("units", ...).within(atLeast(1))`.
  AttrSpec within(std::function<std::string(const Value&)> check) && {
    domain = std::move(check);
    return std::move(*this);
  }
};

/// Domains for AttrSpec::within. Each accepts null (an absent optional value) and checks
/// every element of a list.
std::function<std::string(const Value&)> atLeast(double minimum);
/// A rate: 0 <= value < 1 (Dropout's `rate`).
std::function<std::string(const Value&)> fraction();
/// 0 <= value <= 1.
std::function<std::string(const Value&)> unitInterval();
/// For an AttrType::Any attribute Keras takes as an optional number (ReLU's `max_value`):
/// null, or a number that also passes `inner` when given.
std::function<std::string(const Value&)> numberOrNull(std::function<std::string(const Value&)> inner = nullptr);
/// For an AttrType::Any attribute Keras takes as a boolean or None (InputLayer's `sparse`;
/// Embedding's `mask_zero`, which TF.js writes as null).
std::string boolOrNull(const Value& v);

/// Shorthands for writing schemas.
AttrSpec required(std::string name, AttrType type, std::string doc);
AttrSpec optional(std::string name, AttrType type, Value defaultValue, std::string doc);
AttrSpec oneOf(std::string name, std::vector<std::string> choices, Value defaultValue, std::string doc);

/// A layer applied to input types: what its shape and weight rules see.
class LayerCall {
 public:
  LayerCall(const LayerSchema& schema, const Value& config, llvm::ArrayRef<TensorType> inputs,
            const LayerCatalogue& catalogue)
      : schema(schema), config(config), inputs(inputs), catalogue(catalogue) {}
  /// The call a graph node makes: `inputTypes` are the types of all its inputs, positional
  /// ones first, then those passed by keyword.
  static LayerCall ofNode(const LayerSchema& schema, const Node& node, llvm::ArrayRef<TensorType> inputTypes,
                          const LayerCatalogue& catalogue);

  const LayerSchema& schema;
  const Value& config;
  /// The positional inputs.
  llvm::ArrayRef<TensorType> inputs;
  const LayerCatalogue& catalogue;
  /// Where the rule records dims it assumes equal (see mayBeEqual); null: not recorded.
  AssumptionLog* assumptions = nullptr;
  /// Inputs passed by keyword (one of schema.keywordInputs), after the positional ones in the
  /// node's input list, with their keywords.
  llvm::ArrayRef<TensorType> keywordInputs;
  llvm::ArrayRef<std::string> keywords;
  /// The call's keyword arguments that are not tensors; null when it passes none.
  const Value* callArgs = nullptr;

  /// The input passed by `keyword`, or null.
  const TensorType* keywordInput(llvm::StringRef keyword) const;
  /// Where that input is in the node's input list (for kernels), or nullopt.
  std::optional<size_t> keywordInputIndex(llvm::StringRef keyword) const;
  /// A boolean call argument (`use_causal_mask=True`); false when not passed.
  bool callFlag(llvm::StringRef name) const;

  /// The configured value, or the schema default. Validation runs before shape inference,
  /// so a value of the wrong type is never seen here.
  const Value& attr(llvm::StringRef name) const;
  int64_t intAttr(llvm::StringRef name) const;
  bool boolAttr(llvm::StringRef name) const;
  double floatAttr(llvm::StringRef name) const;
  std::string stringAttr(llvm::StringRef name) const;
};

/// One weight a layer creates, as Keras creates it.
struct WeightSpec {
  /// The name under the layer, as Keras 2 and 3 name the variable without the layer's own
  /// name and the `:0`: `kernel`, `lstm_cell/recurrent_kernel`, `forward_lstm/lstm_cell/bias`,
  /// `query/kernel`.
  std::string name;
  /// Unknown dims when the input's shape is unknown.
  Dims shape;
  /// False for weights training never updates (BatchNormalization's moving statistics).
  bool trainable = true;
  /// The initializer Keras would create it with: the config's value (a name such as
  /// `"glorot_uniform"` or a `{class_name, config}` map) or the layer's fixed choice.
  Value initializer;
};

/// The output types of a call. An empty list means even the number of outputs is unknown
/// (a Lambda without output_shape): references to any output index are then accepted.
using ShapeRule = std::function<Result<std::vector<TensorType>>(const LayerCall&)>;
/// Every weight of a call, in the order of Keras 2's `layer.get_weights()`: the trainable
/// weights, then the non-trainable ones, each group the layer's own (in the order build()
/// creates them) before those of the layers it wraps. Keras 3's `layer.weights` agrees for
/// these layers except where a rule says otherwise (LoRA weights exist only in Keras 3 and
/// follow its order). Shapes are Keras 2's; a dim that depends on an unknown input dim is
/// unknown. A wrapped layer class graphlint does not know gives one weight of unknown shape,
/// so that its count is unknown rather than zero.
using WeightRule = std::function<std::vector<WeightSpec>(const LayerCall&)>;
/// Floating-point operations of one forward pass (a multiply-add counts 2), given the outputs.
using FlopRule = std::function<Dim(const LayerCall&, llvm::ArrayRef<TensorType> outputs)>;

struct LayerSchema {
  std::string className;
  std::string family;  // core, recurrent, merge, reshape, ...
  std::string doc;
  std::vector<AttrSpec> attrs;
  unsigned minInputs = 1;
  unsigned maxInputs = 1;
  /// The call's positional tensor parameters, by name, for calls that pass them by keyword
  /// (`mha(query=x, value=y)`); empty when the layer takes one `inputs` argument.
  std::vector<std::string> positionalInputs;
  /// Tensors the call takes by keyword beside its inputs (`attention_mask`); a node keeps
  /// them apart from the positional inputs (see Node::inputKeywords).
  std::vector<std::string> keywordInputs;
  ShapeRule shape;
  /// Every weight the layer creates; absent: none. Parameter counts are the weights' element
  /// counts (see countWeights); call layerWeights rather than this, which also applies the
  /// config's `trainable: false`.
  WeightRule weights;
  /// Absent: estimated as one operation per output element, or none for layers that only
  /// move data (families reshape, spatial, regularization, special); see passes/Cost.h.
  FlopRule flops;
  /// Keras' Layer base class takes activity_regularizer; a layer that sets it itself
  /// (ActivityRegularization) rejects it.
  bool takesActivityRegularizer = true;
  /// Keras' Layer base class takes name, dtype, trainable and activity_regularizer through a
  /// layer's **kwargs; a layer whose constructor names its arguments instead (Discretization)
  /// takes only the name and dtype it lists.
  bool takesLayerKwargs = true;

  const AttrSpec* findAttr(llvm::StringRef name) const;
  static constexpr unsigned kVariadic = std::numeric_limits<unsigned>::max();
};

/// How the tensors of a layer call become a node's inputs. Given the keyword each tensor was
/// passed by (empty: by position), in the order the file writes them, `order[i]` is the
/// tensor that becomes input i and `keywords[i]` its keyword: positional tensors first,
/// including those passed by a positional parameter's name (`value=v`) in that parameter's
/// place, then the tensors the layer takes by keyword (schema.keywordInputs). Tensors passed
/// by any other keyword (`initial_state=`) follow the positional ones, as positional inputs.
/// A null schema (an unknown class) keeps the written order, all positional.
struct CallInputOrder {
  std::vector<size_t> order;
  std::vector<std::string> keywords;
};
CallInputOrder orderCallInputs(const LayerSchema* schema, llvm::ArrayRef<std::string> keywords);

/// Every weight a call creates (see WeightRule), with `trainable: false` in the call's config
/// making all of them non-trainable; empty for a layer without weights.
std::vector<WeightSpec> layerWeights(const LayerCall& call);

/// Parameter counts of a list of weights, as Keras' count_params() adds them up.
struct WeightCounts {
  /// Every weight's element count; unknown when any weight has an unknown dim.
  Dim total = Dim::constant(0);
  /// The part of `total` that is never trained.
  Dim nonTrainable = Dim::constant(0);
};

/// Sums the element counts of `weights`, keeping symbolic dims symbolic.
WeightCounts countWeights(llvm::ArrayRef<WeightSpec> weights);

/// Every known layer class, by name. Immutable after construction.
class LayerCatalogue {
 public:
  /// The catalogue with every family registered.
  static const LayerCatalogue& builtin();

  const LayerSchema* find(llvm::StringRef className) const;
  std::vector<std::string> classNames() const;
  void add(LayerSchema schema);
  /// Registers `alias`, another name Keras exports for the registered class `className`
  /// (MaxPool2D for MaxPooling2D): the same schema, under the name a file writes.
  void addAlias(llvm::StringRef alias, llvm::StringRef className);

 private:
  llvm::StringMap<std::unique_ptr<LayerSchema>> schemas_;
};

/// Keras' activation function names.
llvm::ArrayRef<std::string> activationNames();

// Family registration; each lives in src/catalogue/layers/<Family>.cpp.
void registerCoreLayers(LayerCatalogue& catalogue);
void registerRecurrentLayers(LayerCatalogue& catalogue);
void registerMergeLayers(LayerCatalogue& catalogue);
void registerReshapeLayers(LayerCatalogue& catalogue);
void registerConvolutionLayers(LayerCatalogue& catalogue);
void registerPoolingLayers(LayerCatalogue& catalogue);
void registerActivationLayers(LayerCatalogue& catalogue);
void registerRegularizationLayers(LayerCatalogue& catalogue);
void registerSpatialLayers(LayerCatalogue& catalogue);
void registerNormalizationLayers(LayerCatalogue& catalogue);
void registerPreprocessingLayers(LayerCatalogue& catalogue);
void registerCategoricalLayers(LayerCatalogue& catalogue);
void registerAugmentationLayers(LayerCatalogue& catalogue);
void registerColorAugmentationLayers(LayerCatalogue& catalogue);
void registerEinsumDenseLayers(LayerCatalogue& catalogue);
void registerDotLayers(LayerCatalogue& catalogue);
void registerAttentionLayers(LayerCatalogue& catalogue);
void registerConvRecurrentLayers(LayerCatalogue& catalogue);
void registerSpecialLayers(LayerCatalogue& catalogue);

}  // namespace graphlint
