#include "catalogue/WeightRules.h"

#include <cctype>

#include "llvm/ADT/STLExtras.h"

namespace graphlint {

Dim elementCount(const Dims& shape) {
  Dim count = Dim::constant(1);
  for (const Dim& d : shape) count = count * d;
  return count;
}

Dims constantDims(llvm::ArrayRef<int64_t> shape) {
  Dims dims;
  for (int64_t d : shape) dims.push_back(Dim::constant(d));
  return dims;
}

std::vector<WeightSpec> prefixed(llvm::StringRef prefix, std::vector<WeightSpec> weights) {
  for (WeightSpec& w : weights) w.name = prefix.str() + "/" + w.name;
  return weights;
}

std::vector<WeightSpec> unknownLayerWeights(llvm::StringRef className) {
  return {WeightSpec{className.str(), Dims{Dim::unknown()}, true, Value::null()}};
}

Value initializerValue(llvm::StringRef className, std::vector<Value::Entry> config) {
  return Value::map({{"class_name", Value::string(className.str()), {}}, {"config", Value::map(std::move(config)), {}}});
}

namespace {

bool isUpper(char c) { return std::isupper(static_cast<unsigned char>(c)); }
bool isLower(char c) { return std::islower(static_cast<unsigned char>(c)); }
bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)); }

/// Keras 2's to_snake_case, two regex substitutions done by hand: an underscore before each
/// capitalized word ("(.)([A-Z][a-z0-9]+)"), then between a lower-case letter and a capital
/// ("([a-z])([A-Z])"); lower-cased. `ConvLSTM2D` -> `conv_lst_m2d`, as Keras names it.
std::string kerasSnakeCase(llvm::StringRef name) {
  std::string words;
  for (size_t i = 0; i < name.size();) {
    if (i + 2 < name.size() && isUpper(name[i + 1]) && (isLower(name[i + 2]) || isDigit(name[i + 2]))) {
      size_t end = i + 3;
      while (end < name.size() && (isLower(name[end]) || isDigit(name[end]))) ++end;
      words += name[i];
      words += '_';
      words += name.slice(i + 1, end).str();
      i = end;
    } else {
      words += name[i++];
    }
  }
  std::string out;
  for (size_t i = 0; i < words.size();) {
    if (i + 1 < words.size() && isLower(words[i]) && isUpper(words[i + 1])) {
      out += words[i];
      out += '_';
      out += words[i + 1];
      i += 2;
    } else {
      out += words[i++];
    }
  }
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

const Value& emptyConfig() {
  static const Value kEmpty = Value::map({});
  return kEmpty;
}

}  // namespace

std::string nestedLayerName(const Value& layer) {
  const Value* config = layer.find("config");
  if (config)
    if (const Value* name = config->find("name"); name && name->isString()) return name->asString().str();
  const Value* className = layer.find("layer");
  return className && className->isString() ? kerasSnakeCase(className->asString()) : "";
}

std::vector<WeightSpec> nestedLayerWeights(const Value& layer, llvm::ArrayRef<TensorType> inputs,
                                           const LayerCall& outer) {
  const Value* className = layer.find("layer");
  const Value* config = layer.find("config");
  const LayerSchema* schema =
      className && className->isString() ? outer.catalogue.find(className->asString()) : nullptr;
  if (!schema) return unknownLayerWeights(className && className->isString() ? className->asString() : "layer");
  LayerCall inner(*schema, config ? *config : emptyConfig(), inputs, outer.catalogue);
  return layerWeights(inner);
}

void addLoraWeights(std::vector<WeightSpec>& weights, llvm::StringRef frozen, llvm::StringRef prefix,
                    const Value& loraRank) {
  if (!loraRank.isInt() || loraRank.asInt() == 0) return;
  auto base = llvm::find_if(weights, [&](const WeightSpec& w) { return w.name == frozen; });
  if (base == weights.end() || base->shape.empty()) return;
  base->trainable = false;
  Dim rank = Dim::constant(loraRank.asInt());
  Dims a(base->shape.begin(), base->shape.end() - 1);
  a.push_back(rank);
  Dims b = {rank, base->shape.back()};
  // enable_lora's default initializers.
  weights.push_back(WeightSpec{prefix.str() + "_a", std::move(a), true, Value::string("he_uniform")});
  weights.push_back(WeightSpec{prefix.str() + "_b", std::move(b), true, Value::string("zeros")});
}

}  // namespace graphlint
