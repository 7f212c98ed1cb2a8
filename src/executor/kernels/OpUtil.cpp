// Op kernel helpers.

#include "executor/kernels/OpUtil.h"

#include <algorithm>

#include "catalogue/ShapeRules.h"

namespace graphlint {

bool isFloatElement(ElementType type) {
  return type == ElementType::Float16 || type == ElementType::Float32 || type == ElementType::Float64;
}

const Value* opArg(const KernelArgs& args, llvm::StringRef name) { return args.opArgs ? args.opArgs->find(name) : nullptr; }

namespace {

const std::string* defaultText(const KernelArgs& args, llvm::StringRef name) {
  const OpParam* p = args.op ? args.op->findParam(name) : nullptr;
  return p && p->defaultText ? &*p->defaultText : nullptr;
}

}  // namespace

int64_t opIntArg(const KernelArgs& args, llvm::StringRef name, int64_t fallback) {
  if (const Value* v = opArg(args, name); v && v->isInt()) return v->asInt();
  int64_t parsed = 0;
  if (const std::string* text = defaultText(args, name); text && !llvm::StringRef(*text).getAsInteger(10, parsed))
    return parsed;
  return fallback;
}

bool opBoolArg(const KernelArgs& args, llvm::StringRef name) {
  if (const Value* v = opArg(args, name); v && v->isBool()) return v->asBool();
  const std::string* text = defaultText(args, name);
  return text && *text == "True";
}

double opNumberArg(const KernelArgs& args, llvm::StringRef name, double fallback) {
  if (const Value* v = opArg(args, name); v && v->isNumber()) return v->asNumber();
  double parsed = 0;
  if (const std::string* text = defaultText(args, name); text && !llvm::StringRef(*text).getAsDouble(parsed))
    return parsed;
  return fallback;
}

bool isConstantInput(const KernelArgs& args, size_t index) {
  if (!args.opArgs) return false;
  return llvm::any_of(args.opArgs->constants, [&](const ConstantTensor& c) { return c.param == index; });
}

ElementType weakTypeOf(const KernelArgs& args, size_t index, ElementType peer) {
  ElementType own = args.inputs[index]->elementType();
  if (!isConstantInput(args, index)) return own;
  switch (own) {
    case ElementType::Bool: return peer;
    case ElementType::Int64: return peer == ElementType::Bool ? ElementType::Int32 : peer;
    default: return isFloatElement(peer) ? peer : ElementType::Float32;
  }
}

ElementType promoteTypes(ElementType a, ElementType b) {
  if (a == b) return a;
  auto rankOf = [](ElementType t) {
    switch (t) {
      case ElementType::Bool: return 0;
      case ElementType::UInt8: return 1;
      case ElementType::Int8: return 2;
      case ElementType::Int16: return 3;
      case ElementType::Int32: return 4;
      case ElementType::Int64: return 5;
      case ElementType::Float16: return 6;
      case ElementType::Float32: return 7;
      case ElementType::Float64: return 8;
    }
    return 0;
  };
  if ((a == ElementType::UInt8 && b == ElementType::Int8) || (a == ElementType::Int8 && b == ElementType::UInt8))
    return ElementType::Int16;
  return rankOf(a) >= rankOf(b) ? a : b;
}

Result<TypedInput> TypedInput::of(const HostTensor& tensor, ElementType type) {
  TypedInput typed;
  typed.tensor_ = &tensor;
  if (tensor.elementType() == type) return typed;
  Result<HostTensor> converted = HostTensor::zeros(type, tensor.shape());
  if (!converted) return converted.error();
  convertElements(tensor, *converted);
  typed.owned_ = std::move(*converted);
  return typed;
}

Result<size_t> resolveAxis(int64_t axis, size_t rank) {
  std::optional<size_t> at = normalizeAxis(axis, rank);
  if (!at) return makeError("axis " + std::to_string(axis) + " is out of range for rank " + std::to_string(rank));
  return *at;
}

Result<std::vector<size_t>> resolveAxes(const Value* axis, size_t rank) {
  std::vector<size_t> axes;
  if (!axis || axis->isNull()) {
    for (size_t i = 0; i < rank; ++i) axes.push_back(i);
    return axes;
  }
  std::vector<Value> items = axis->isList() ? axis->items() : std::vector<Value>{*axis};
  for (const Value& a : items) {
    if (!a.isInt()) return makeError("axis " + axis->str() + " is not an integer or a list of integers");
    Result<size_t> at = resolveAxis(a.asInt(), rank);
    if (!at) return at.error();
    axes.push_back(*at);
  }
  std::sort(axes.begin(), axes.end());
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  return axes;
}

AxisSplit splitAround(const std::vector<int64_t>& shape, size_t axis) {
  return {productOf(shape, 0, axis), axis < shape.size() ? shape[axis] : 1, productOf(shape, axis + 1, shape.size())};
}

}  // namespace graphlint
