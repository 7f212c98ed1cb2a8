#include "frontends/keras/OpLayers.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace graphlint {
namespace {

std::optional<std::string> stringField(const Value& config, llvm::StringRef key) {
  const Value* v = config.isMap() ? config.find(key) : nullptr;
  if (!v || !v->isString() || v->asString().empty()) return std::nullopt;
  return v->asString().str();
}

/// `one_hot` -> `tf.one_hot`; TFOpLambda writes the symbol without the `tf.` prefix.
std::string underTf(llvm::StringRef symbol) {
  return symbol.startswith("tf.") ? symbol.str() : "tf." + symbol.str();
}

}  // namespace

bool isOpLayerClass(llvm::StringRef className) {
  return llvm::StringSwitch<bool>(className)
      .Cases("TFOpLambda", "SlicingOpLambda", "TensorFlowOpLayer", true)
      .Cases("ClassMethod", "InstanceMethod", "InstanceProperty", true)
      .Default(false);
}

std::optional<std::string> opLayerFunction(llvm::StringRef className, const Value& config) {
  if (className == "TFOpLambda" || className == "SlicingOpLambda") {
    if (auto symbol = stringField(config, "function")) return underTf(*symbol);
    return std::nullopt;
  }
  if (className == "TensorFlowOpLayer") {
    const Value* nodeDef = config.isMap() ? config.find("node_def") : nullptr;
    if (nodeDef)
      if (auto op = stringField(*nodeDef, "op")) return "tf.raw_ops." + *op;
    return std::nullopt;
  }
  if (className == "ClassMethod") {
    auto cls = stringField(config, "cls_symbol");
    auto method = stringField(config, "method_name");
    if (cls && method) return underTf(*cls) + "." + *method;
    return std::nullopt;
  }
  if (className == "InstanceMethod") {
    if (auto method = stringField(config, "method_name")) return "tf.Tensor." + *method;
    return std::nullopt;
  }
  if (className == "InstanceProperty") {
    if (auto attr = stringField(config, "attr_name")) return "tf.Tensor." + *attr;
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<std::string> kerasOpFunction(llvm::StringRef module, llvm::StringRef className) {
  llvm::StringRef rest;
  if (module.startswith("keras.src.ops."))
    rest = module.drop_front(llvm::StringRef("keras.src.ops.").size());
  else if (module.startswith("keras.ops."))
    rest = module.drop_front(llvm::StringRef("keras.ops.").size());
  else
    return std::nullopt;
  // CamelCase class -> snake_case function: OneHot -> one_hot.
  std::string function;
  for (size_t i = 0; i < className.size(); ++i) {
    char c = className[i];
    if (c >= 'A' && c <= 'Z') {
      if (i > 0) function += '_';
      function += llvm::toLower(c);
    } else {
      function += c;
    }
  }
  // numpy, nn, core and math functions are exported at keras.ops' top level; image and
  // linalg keep their namespace.
  std::string space = rest == "image" || rest == "linalg" ? "keras.ops." + rest.str() + "." : "keras.ops.";
  return space + function;
}

}  // namespace graphlint
