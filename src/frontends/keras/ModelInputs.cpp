#include "frontends/keras/ModelInputs.h"

#include <algorithm>

#include "frontends/keras/LayerConfig.h"

namespace graphlint {
namespace {

const Value* field(const Value& map, llvm::StringRef key) { return map.isMap() ? map.find(key) : nullptr; }

/// A shape list as Keras writes it; `batchFirst`: its first entry is the batch dim.
Dims dimsOf(const Value& shape, bool batchFirst, llvm::StringRef name, std::vector<ImportNote>& notes) {
  Dims dims;
  if (!batchFirst) dims.push_back(Dim::symbol("batch"));
  for (size_t i = 0; i < shape.items().size(); ++i) {
    const Value& d = shape.items()[i];
    if (d.isNull()) {
      dims.push_back(i == 0 && batchFirst ? Dim::symbol("batch") : Dim::none());
    } else if (d.isInt() && d.asInt() >= 0 && d.asInt() <= Dim::kMaxLiteral) {
      dims.push_back(Dim::constant(d.asInt()));
    } else {
      notes.push_back({ImportNote::Level::Warning,
                       "dim " + std::to_string(i) + " of input '" + name.str() + "' is " + d.str() +
                           ", not an integer or null; graphlint treats it as unknown",
                       d.loc(), name.str()});
      dims.push_back(Dim::unknown());
    }
  }
  return dims;
}

Dim lengthOf(const Value& v) { return v.isInt() && v.asInt() >= 0 ? Dim::constant(v.asInt()) : Dim::none(); }

}  // namespace

std::optional<TensorType> declaredInputType(const Value& config, bool embeddingFirst, llvm::StringRef name,
                                            std::vector<ImportNote>& notes) {
  if (!config.isMap()) return std::nullopt;
  TensorType type;
  type.dtype = DType::Float32;
  const Value* dtype = field(config, "input_dtype");  // Keras 1
  if (!dtype) dtype = field(config, "dtype");
  if (dtype)
    if (std::optional<DType> parsed = parseDType(dtypeName(*dtype))) type.dtype = *parsed;

  const Value* batchShape = field(config, "batch_shape");
  if (!batchShape) batchShape = field(config, "batch_input_shape");
  const Value* inputShape = field(config, "input_shape");
  const Value* inputLength = field(config, "input_length");
  const Value* inputDim = field(config, "input_dim");
  if (batchShape && batchShape->isList()) {
    type.dims = dimsOf(*batchShape, /*batchFirst=*/true, name, notes);
  } else if (inputShape && inputShape->isList()) {
    type.dims = dimsOf(*inputShape, /*batchFirst=*/false, name, notes);
  } else if (inputLength && embeddingFirst) {
    type.dims = Dims{Dim::symbol("batch"), lengthOf(*inputLength)};
    type.dtype = DType::Int32;
  } else if (inputDim && inputDim->isInt()) {
    // Keras 1: input_dim alone, or (input_length, input_dim) for a recurrent first layer.
    type.dims = Dims{Dim::symbol("batch")};
    if (inputLength) type.dims->push_back(lengthOf(*inputLength));
    type.dims->push_back(lengthOf(*inputDim));
  } else {
    return std::nullopt;
  }
  return type;
}

std::string savedDimOrdering(const Value& model) {
  size_t th = 0, tf = 0;
  auto walk = [&](const Value& node, auto& self) -> void {
    if (node.isMap()) {
      for (const Value::Entry& e : node.entries()) {
        if (e.key == "dim_ordering" && e.value.isString()) {
          th += e.value.asString() == "th";
          tf += e.value.asString() == "tf";
        }
        self(e.value, self);
      }
    } else if (node.isList()) {
      for (const Value& item : node.items()) self(item, self);
    }
  };
  walk(model, walk);
  if (th == 0 && tf == 0) return "";
  return th > tf ? "th" : "tf";
}

size_t countLayerCalls(const Value& model) {
  size_t count = 0;
  const Value* config = field(model, "config");
  const Value* layers = config && config->isList() ? config : (config ? field(*config, "layers") : nullptr);
  if (!layers || !layers->isList()) return 0;
  for (const Value& layer : layers->items()) {
    const Value* inbound = field(layer, "inbound_nodes");
    count += std::max<size_t>(1, inbound && inbound->isList() ? inbound->items().size() : 0);
    count += countLayerCalls(layer);
  }
  return count;
}

}  // namespace graphlint
