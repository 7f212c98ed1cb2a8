// Core layers: Dense, Embedding, Activation, Dropout, Identity.

#include "catalogue/ShapeRules.h"
#include "catalogue/WeightRules.h"

namespace graphlint {
namespace {

std::vector<AttrSpec> weightAttrs(llvm::StringRef weight, llvm::StringRef initializer) {
  std::string w = weight.str();
  return {
      optional(w + "_initializer", AttrType::Any, Value::string(initializer.str()), "initializer of the " + w),
      optional(w + "_regularizer", AttrType::Any, Value::null(), "regularizer of the " + w),
      optional(w + "_constraint", AttrType::Any, Value::null(), "constraint on the " + w),
  };
}

LayerSchema dense() {
  LayerSchema s;
  s.className = "Dense";
  s.family = "core";
  s.doc = "densely connected layer: activation(dot(input, kernel) + bias) on the last axis";
  s.attrs = {
      required("units", AttrType::Int, "size of the output's last dim").within(atLeast(1)),
      optional("activation", AttrType::Activation, Value::null(), "activation applied to the output"),
      optional("use_bias", AttrType::Bool, Value::boolean(true), "whether to add a bias vector"),
      optional("activity_regularizer", AttrType::Any, Value::null(), "regularizer of the output"),
      optional("lora_rank", AttrType::OptionalInt, Value::null(), "rank of a LoRA adapter"),
      optional("lora_alpha", AttrType::Any, Value::null(), "LoRA scaling factor"),
  };
  for (auto spec : weightAttrs("kernel", "glorot_uniform")) s.attrs.push_back(spec);
  for (auto spec : weightAttrs("bias", "zeros")) s.attrs.push_back(spec);
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    if (auto e = checkRank(call, 0, 1, SIZE_MAX, "an input of rank >= 1")) return *e;
    const TensorType& in = call.inputs[0];
    if (!in.hasRank()) return single(TensorType{computeDType(call), std::nullopt});
    // Keras sizes the kernel from the last dim when it builds the layer; a None there (as the
    // model declares it, not merely unknown to graphlint) cannot work.
    if (in.dims->back().isDeclaredNone())
      return makeError("Dense needs a defined last dim to size its kernel, got " + in.shapeStr() +
                       ", whose last dim the model declares None");
    Dims dims = *in.dims;
    dims.back() = Dim::constant(call.intAttr("units"));
    return single(TensorType::of(computeDType(call), std::move(dims)));
  };
  // build(): kernel (input features, units) and bias (units,); Keras 3's lora_rank then
  // freezes the kernel and adds lora_kernel_a (features, rank) and lora_kernel_b (rank, units).
  s.weights = [](const LayerCall& call) {
    const TensorType& in = call.inputs[0];
    Dim features = in.hasRank() && in.rank() > 0 ? in.dims->back() : Dim::unknown();
    Dim units = Dim::constant(call.intAttr("units"));
    std::vector<WeightSpec> weights = {{"kernel", {features, units}, true, call.attr("kernel_initializer")}};
    if (call.boolAttr("use_bias")) weights.push_back({"bias", {units}, true, call.attr("bias_initializer")});
    addLoraWeights(weights, "kernel", "lora_kernel", call.attr("lora_rank"));
    return weights;
  };
  s.flops = [](const LayerCall& call, llvm::ArrayRef<TensorType> outputs) {
    const TensorType& in = call.inputs[0];
    if (!in.hasRank() || in.rank() == 0) return Dim::unknown();
    Dim out = totalElements(outputs);
    Dim matmul = Dim::constant(2) * in.dims->back() * out;
    return call.boolAttr("use_bias") ? matmul + out : matmul;
  };
  return s;
}

LayerSchema embedding() {
  LayerSchema s;
  s.className = "Embedding";
  s.family = "core";
  s.doc = "maps integer indices in [0, input_dim) to dense vectors of size output_dim";
  s.attrs = {
      required("input_dim", AttrType::Int, "vocabulary size: largest index + 1").within(atLeast(1)),
      required("output_dim", AttrType::Int, "size of each embedding vector").within(atLeast(1)),
      optional("embeddings_initializer", AttrType::Any, Value::string("uniform"), "initializer of the table"),
      optional("embeddings_regularizer", AttrType::Any, Value::null(), "regularizer of the table"),
      optional("embeddings_constraint", AttrType::Any, Value::null(), "constraint on the table"),
      optional("activity_regularizer", AttrType::Any, Value::null(), "regularizer of the output"),
      optional("mask_zero", AttrType::Any, Value::boolean(false), "whether index 0 is padding to mask").within(boolOrNull),
      optional("input_length", AttrType::Any, Value::null(), "Keras 2 only; ignored by Keras 3"),
      optional("sparse", AttrType::Bool, Value::boolean(false), "whether gradients are sparse"),
      optional("lora_rank", AttrType::OptionalInt, Value::null(), "rank of a LoRA adapter"),
      optional("lora_alpha", AttrType::Any, Value::null(), "LoRA scaling factor"),
      optional("weights", AttrType::Any, Value::null(), "initial table"),
  };
  s.shape = [](const LayerCall& call) -> Result<std::vector<TensorType>> {
    const TensorType& in = call.inputs[0];
    if (!in.hasRank()) return single(TensorType{computeDType(call), std::nullopt});
    Dims dims = *in.dims;
    dims.push_back(Dim::constant(call.intAttr("output_dim")));
    return single(TensorType::of(computeDType(call), std::move(dims)));
  };
  // build(): embeddings (input_dim, output_dim); Keras 3's lora_rank then freezes it and adds
  // lora_embeddings_a (input_dim, rank) and lora_embeddings_b (rank, output_dim).
  s.weights = [](const LayerCall& call) {
    Dims table = constantDims({call.intAttr("input_dim"), call.intAttr("output_dim")});
    std::vector<WeightSpec> weights = {{"embeddings", table, true, call.attr("embeddings_initializer")}};
    addLoraWeights(weights, "embeddings", "lora_embeddings", call.attr("lora_rank"));
    return weights;
  };
  s.flops = [](const LayerCall&, llvm::ArrayRef<TensorType>) { return Dim::constant(0); };  // a row lookup
  return s;
}

/// Layers whose output has the input's shape and whose dtype follows the compute policy.
Result<std::vector<TensorType>> sameShape(const LayerCall& call) {
  return single(TensorType{computeDType(call), call.inputs[0].dims});
}

LayerSchema activation() {
  LayerSchema s;
  s.className = "Activation";
  s.family = "core";
  s.doc = "applies an activation function elementwise";
  s.attrs = {required("activation", AttrType::Activation, "the activation function")};
  s.shape = sameShape;
  return s;
}

LayerSchema dropout() {
  LayerSchema s;
  s.className = "Dropout";
  s.family = "core";
  s.doc = "zeroes a fraction `rate` of inputs during training; identity at inference";
  s.attrs = {
      required("rate", AttrType::Float, "fraction of the inputs to drop, in [0, 1]").within(unitInterval()),
      optional("noise_shape", AttrType::Any, Value::null(), "shape of the binary dropout mask"),
      optional("seed", AttrType::Any, Value::null(), "random seed"),
  };
  s.shape = sameShape;
  s.flops = [](const LayerCall&, llvm::ArrayRef<TensorType>) { return Dim::constant(0); };  // identity at inference
  return s;
}

LayerSchema identity() {
  LayerSchema s;
  s.className = "Identity";
  s.family = "core";
  s.doc = "returns its input unchanged (a placeholder)";
  // compute_output_spec returns the input's shape and dtype.
  s.shape = [](const LayerCall& call) { return single(call.inputs[0]); };
  s.flops = [](const LayerCall&, llvm::ArrayRef<TensorType>) { return Dim::constant(0); };
  return s;
}

}  // namespace

void registerCoreLayers(LayerCatalogue& catalogue) {
  catalogue.add(dense());
  catalogue.add(embedding());
  catalogue.add(activation());
  catalogue.add(dropout());
  catalogue.add(identity());
}

}  // namespace graphlint
