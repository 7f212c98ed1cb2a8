// Layers that are not computations of their own: InputLayer (a model input, as Keras files
// declare it) and Lambda (an arbitrary Python function).

#include "catalogue/ShapeRules.h"

#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace {

/// A Keras shape list: null is an unknown dim.
Dims dimsOf(const Value& shape) {
  Dims dims;
  for (const Value& d : shape.items()) dims.push_back(d.isInt() ? Dim::constant(d.asInt()) : Dim::unknown());
  return dims;
}

/// The given one of two spellings of an attribute (Keras 3's name, Keras 2's alias); the
/// alias wins, as InputLayer's constructor lets it.
const Value& eitherOf(const LayerCall& call, llvm::StringRef name, llvm::StringRef alias) {
  const Value& legacy = call.attr(alias);
  return legacy.isNull() ? call.attr(name) : legacy;
}

Result<std::vector<TensorType>> inputLayerShape(const LayerCall& call) {
  const Value& shape = eitherOf(call, "shape", "input_shape");
  const Value& batchShape = eitherOf(call, "batch_shape", "batch_input_shape");
  const Value& batchSize = call.attr("batch_size");
  // The checks of InputLayer's constructor.
  if (!shape.isNull() && !batchShape.isNull())
    return makeError("InputLayer takes shape or batch_shape, not both: shape " + shape.str() + ", batch_shape " +
                     batchShape.str());
  if (!batchSize.isNull() && !batchShape.isNull())
    return makeError("InputLayer takes batch_size or batch_shape, not both: batch_size " + batchSize.str() +
                     ", batch_shape " + batchShape.str());
  if (shape.isNull() && batchShape.isNull()) return makeError("InputLayer needs a shape or a batch_shape");
  Dims dims;
  if (batchShape.isNull()) {
    dims.push_back(batchSize.isInt() ? Dim::constant(batchSize.asInt()) : Dim::unknown());
    dims.append(dimsOf(shape));
  } else {
    dims = dimsOf(batchShape);
  }
  return single(TensorType::of(computeDType(call), std::move(dims)));
}

LayerSchema inputLayer() {
  LayerSchema s;
  s.className = "InputLayer";
  s.family = "special";
  s.doc = "a model input of shape batch_shape, or (batch_size,) + shape; takes no inputs";
  s.attrs = {
      optional("shape", AttrType::Shape, Value::null(), "the shape without the batch dim (null dims are unknown)")
          .within(atLeast(0)),
      optional("batch_size", AttrType::OptionalInt, Value::null(), "a static batch size").within(atLeast(0)),
      optional("batch_shape", AttrType::Shape, Value::null(), "the shape with the batch dim").within(atLeast(0)),
      optional("sparse", AttrType::Any, Value::null(), "whether the input is a sparse tensor").within(boolOrNull),
      optional("ragged", AttrType::Any, Value::null(), "whether the input is a ragged tensor").within(boolOrNull),
      optional("input_tensor", AttrType::Any, Value::null(), "an existing tensor to wrap"),
      optional("optional", AttrType::Bool, Value::boolean(false), "whether the input may be None"),
      optional("input_shape", AttrType::Shape, Value::null(), "Keras 2 spelling of shape").within(atLeast(0)),
      optional("batch_input_shape", AttrType::Shape, Value::null(), "Keras 2 spelling of batch_shape")
          .within(atLeast(0)),
  };
  s.minInputs = 0;
  s.maxInputs = 0;
  s.shape = inputLayerShape;
  return s;
}

/// Whether `v` is one Keras shape: a list of integers and nulls.
bool isShapeList(const Value& v) {
  return v.isList() && llvm::all_of(v.items(), [](const Value& d) { return d.isInt() || d.isNull(); });
}

Result<std::vector<TensorType>> lambdaShape(const LayerCall& call) {
  const Value& outputShape = call.attr("output_shape");
  const Value& shapeType = call.attr("output_shape_type");
  // No outputs listed: Keras traces the function, graphlint cannot, so even the number of
  // outputs is unknown. A serialized function (a map, or a Keras 2 non-"raw" output_shape)
  // cannot be run either.
  bool raw = shapeType.isNull() || (shapeType.isString() && shapeType.asString() == "raw");
  if (outputShape.isNull() || outputShape.isMap() || !raw) return std::vector<TensorType>{};
  std::vector<Dims> shapes;
  if (isShapeList(outputShape)) {
    shapes.push_back(dimsOf(outputShape));
  } else if (outputShape.isList() && llvm::all_of(outputShape.items(), isShapeList)) {
    for (const Value& one : outputShape.items()) shapes.push_back(dimsOf(one));
  } else {
    return makeError("Lambda output_shape must be a shape (a list of integers and nulls), a list of shapes, or a "
                     "serialized function, got " + outputShape.str());
  }
  for (const Dims& dims : shapes)
    for (const Dim& d : dims)
      if (d.isKnown() && d.isProvablyNegative())
        return makeError("Lambda output_shape " + outputShape.str() + " has a negative dim " + d.str());
  // output_shape leaves out the batch dim; Keras takes it from the first input.
  const TensorType& first = call.inputs[0];
  Dim batch = first.hasRank() && first.rank() > 0 ? first.dims->front() : Dim::unknown();
  std::vector<TensorType> outputs;
  for (const Dims& dims : shapes) {
    Dims full{batch};
    full.append(dims.begin(), dims.end());
    outputs.push_back(TensorType::of(computeDType(call), std::move(full)));
  }
  return outputs;
}

LayerSchema lambda() {
  LayerSchema s;
  s.className = "Lambda";
  s.family = "special";
  s.doc = "applies a Python function to its inputs; output (batch,) + output_shape when given, else unknown";
  s.attrs = {
      required("function", AttrType::Any, "the Python function, serialized"),
      optional("output_shape", AttrType::Any, Value::null(),
               "the output shape without the batch dim, a list of such shapes, or a function; null: unknown"),
      optional("mask", AttrType::Any, Value::null(), "the output mask, or a function computing it"),
      optional("arguments", AttrType::Any, Value::null(), "keyword arguments passed to the function"),
      optional("function_type", AttrType::Any, Value::null(), "Keras 2 only"),
      optional("module", AttrType::Any, Value::null(), "Keras 2 only"),
      optional("output_shape_type", AttrType::Any, Value::null(), "Keras 2 only: raw, lambda or function"),
      optional("output_shape_module", AttrType::Any, Value::null(), "Keras 2 only"),
  };
  s.minInputs = 1;
  s.maxInputs = LayerSchema::kVariadic;
  s.shape = lambdaShape;
  return s;
}

}  // namespace

void registerSpecialLayers(LayerCatalogue& catalogue) {
  catalogue.add(inputLayer());
  catalogue.add(lambda());
}

}  // namespace graphlint
