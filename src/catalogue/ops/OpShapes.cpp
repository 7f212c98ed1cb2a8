#include "catalogue/ops/OpShapes.h"

#include <algorithm>

#include "catalogue/ShapeRules.h"
#include "catalogue/ops/OpFamilies.h"

namespace graphlint {
namespace ops {

int64_t OpCall::intArg(llvm::StringRef name, int64_t fallback) const {
  if (const Value* v = args.find(name); v && v->isInt()) return v->asInt();
  if (const OpParam* p = entry.findParam(name); p && p->defaultText) {
    int64_t parsed = 0;
    if (!llvm::StringRef(*p->defaultText).getAsInteger(10, parsed)) return parsed;
  }
  return fallback;
}

bool OpCall::boolArg(llvm::StringRef name) const {
  if (const Value* v = args.find(name); v && v->isBool()) return v->asBool();
  const OpParam* p = entry.findParam(name);
  return p && p->defaultText && *p->defaultText == "True";
}

std::optional<std::vector<size_t>> axesOf(const Value* axis, size_t rank, std::string& error) {
  std::vector<size_t> axes;
  if (!axis || axis->isNull()) {
    for (size_t i = 0; i < rank; ++i) axes.push_back(i);
    return axes;
  }
  std::vector<Value> items = axis->isList() ? axis->items() : std::vector<Value>{*axis};
  for (const Value& a : items) {
    if (!a.isInt()) return std::nullopt;
    std::optional<size_t> n = normalizeAxis(a.asInt(), rank);
    if (!n) {
      error = "axis " + std::to_string(a.asInt()) + " is out of range for rank " + std::to_string(rank);
      return std::nullopt;
    }
    axes.push_back(*n);
  }
  return axes;
}

std::optional<std::vector<int64_t>> intList(const Value* v) {
  if (!v || !v->isList()) return std::nullopt;
  std::vector<int64_t> out;
  for (const Value& item : v->items()) {
    if (!item.isInt()) return std::nullopt;
    out.push_back(item.asInt());
  }
  return out;
}

Outputs sameShape(const OpCall& call) { return OpCall::one(TensorType{call.dtype, call.tensors.front().dims}); }

Outputs broadcast(const OpCall& call) {
  std::optional<Dims> dims = call.tensors.front().dims;
  for (const TensorType& t : call.tensors.drop_front()) {
    if (!dims || !t.hasRank()) return call.unknownOutput();
    Result<Dims> merged = broadcastShapes(*dims, *t.dims, "broadcast", call.log);
    if (!merged) return call.error(merged.error().message);
    dims = std::move(*merged);
  }
  return OpCall::one(TensorType{call.dtype, std::move(dims)});
}

Outputs lenientBroadcast(const OpCall& call) {
  Outputs out = broadcast(call);
  return out ? out : call.unknownOutput();
}

namespace {

Outputs unknownShape(const OpCall& call) { return call.unknownOutput(); }

/// keras.ops.where(condition, x1, x2) takes x1's dtype, not the condition's.
Outputs where(const OpCall& call) {
  Outputs out = broadcast(call);
  if (out && call.tensors.size() == 3) (*out)[0].dtype = call.tensors[1].dtype;
  return out;
}

bool always(const OpCall&) { return true; }
bool never(const OpCall&) { return false; }

struct Family {
  llvm::StringLiteral name;
  Outputs (*infer)(const OpCall&);
  size_t minTensors;  // fewer tensors (a malformed call) give an unknown output
  /// Whether `infer` gives the op's true number of outputs for this call.
  bool (*knowsCount)(const OpCall&);
};

// Every family an op entry's `shape` may name.
const Family kFamilies[] = {
    {"same", sameShape, 1, always},
    {"flip", sameShape, 1, always},
    {"cast", sameShape, 1, always},
    {"broadcast", broadcast, 1, always},
    {"lenient_broadcast", lenientBroadcast, 1, always},
    {"where", where, 1, always},
    {"one_hot", oneHot, 1, always},
    {"reduce", reduce, 1, always},
    {"arg_reduce", reduce, 1, always},
    {"matmul", matmul, 2, always},
    {"concatenate", concatenate, 1, always},
    {"stack", stack, 1, always},
    {"expand_dims", expandDims, 1, always},
    {"squeeze", squeeze, 1, always},
    {"transpose", transpose, 1, always},
    {"reshape", reshape, 1, always},
    {"tile", tile, 1, always},
    {"split", split, 1, always},
    {"split_sizes", splitSizes, 1, always},
    {"take", take, 2, always},
    {"getitem", getItem, 1, always},
    {"resize", resize, 1, always},
    {"pad", pad, 1, always},
    {"top_k", topK, 1, always},
    // keras.ops.shape of a KerasTensor is the Python tuple x.shape, not a tensor.
    {"shape", shapeOf, 1, never},
    {"arange", arange, 0, always},
    {"einsum", einsum, 1, always},
    {"conv", conv, 2, always},
    {"torch_conv", torchConv, 2, always},
    {"lax_conv", laxConv, 2, always},
    {"depthwise_conv", depthwiseConv, 2, always},
    {"conv_transpose", convTranspose, 2, always},
    {"torch_conv_transpose", torchConvTranspose, 2, always},
    {"pool", pool, 1, always},
    {"torch_pool", torchPool, 1, always},
    {"swapaxes", swapaxes, 1, always},
    {"unstack", unstack, 1, unstackKnowsCount},
    {"repeat", repeat, 1, always},
    {"broadcast_to", broadcastTo, 1, always},
    {"expand", expand, 1, always},
    {"take_along_axis", takeAlongAxis, 2, always},
    {"torch_gather", torchGather, 2, always},
    {"gather_nd", gatherNd, 2, always},
    {"boolean_mask", booleanMask, 2, always},
    {"masked_select", maskedSelect, 2, always},
    {"extract", extract, 2, always},
    {"moments", moments, 1, always},
    {"rank", rank, 1, always},
    {"tensor_shape", tensorShape, 1, always},
    {"unknown", unknownShape, 0, never},
};

const Family* findFamily(llvm::StringRef name) {
  for (const Family& f : kFamilies)
    if (f.name == name) return &f;
  return nullptr;
}

llvm::StringRef familyOf(const OpEntry& entry, const KerasArgs& args) {
  return args.shape.empty() ? llvm::StringRef(entry.shape) : llvm::StringRef(args.shape);
}

/// Keras' result_type(x..., float): float inputs keep their dtype (the widest when they
/// differ), integer and bool ones become float32.
DType floatResult(llvm::ArrayRef<TensorType> tensors) {
  DType widest = DType::Unknown;
  for (const TensorType& t : tensors) {
    if (t.dtype == DType::Unknown) return DType::Unknown;
    if (!isFloating(t.dtype)) continue;
    if (widest == DType::Unknown || dtypeSize(t.dtype) > dtypeSize(widest)) widest = t.dtype;
    else if (dtypeSize(t.dtype) == dtypeSize(widest) && t.dtype != widest) widest = DType::Float32;  // f16, bf16
  }
  return widest == DType::Unknown ? DType::Float32 : widest;
}

DType outputDType(const OpEntry& entry, const KerasArgs& args, llvm::ArrayRef<TensorType> tensors) {
  llvm::StringRef rule = entry.dtype;
  if (rule == "arg") {
    const Value* dtype = args.find("dtype");
    if (dtype && dtype->isString())
      if (std::optional<DType> parsed = parseDType(dtype->asString())) return *parsed;
    return DType::Float32;
  }
  if (rule == "same") return tensors.empty() ? DType::Unknown : tensors.front().dtype;
  if (rule == "float") return tensors.empty() ? DType::Unknown : floatResult(tensors);
  return parseDType(rule).value_or(DType::Unknown);
}

constexpr size_t kMaxConstantDepth = 32;  // deeper nesting is no tensor a model writes

enum class ScalarKind { Bool, Int, Float };

/// The shape of a constant written as nested lists of numbers, and the widest kind of number
/// in it; false when it is not a rectangular array of numbers.
bool constantShape(const Value& v, size_t depth, Dims& dims, ScalarKind& kind) {
  if (v.isBool() || v.isNumber()) {
    ScalarKind mine = v.isBool() ? ScalarKind::Bool : v.isInt() ? ScalarKind::Int : ScalarKind::Float;
    kind = std::max(kind, mine);
    return true;
  }
  if (!v.isList() || depth >= kMaxConstantDepth) return false;
  std::optional<Dims> inner;
  for (const Value& item : v.items()) {
    Dims itemDims;
    if (!constantShape(item, depth + 1, itemDims, kind)) return false;
    if (inner && *inner != itemDims) return false;  // ragged
    inner = std::move(itemDims);
  }
  dims.push_back(Dim::constant(static_cast<int64_t>(v.items().size())));
  if (inner) dims.append(inner->begin(), inner->end());
  return true;
}

}  // namespace

DType constantPeerDType(llvm::ArrayRef<TensorType> tensors) {
  for (const TensorType& t : tensors)
    if (t.dtype != DType::Bool) return t.dtype;
  return tensors.empty() ? DType::Unknown : tensors.front().dtype;
}

TensorType constantTensorType(const Value& constant, DType peer) {
  Dims dims;
  ScalarKind kind = ScalarKind::Bool;
  if (!constantShape(constant, 0, dims, kind)) return TensorType::unknown();
  DType dtype = DType::Unknown;
  switch (kind) {
    case ScalarKind::Bool: dtype = peer == DType::Unknown ? DType::Bool : peer; break;
    case ScalarKind::Int: dtype = peer == DType::Bool ? DType::Int32 : peer; break;
    case ScalarKind::Float:
      dtype = peer == DType::Unknown || isFloating(peer) ? peer : DType::Float32;
      break;
  }
  return TensorType::of(dtype, std::move(dims));
}

}  // namespace ops

bool knowsOutputCount(const OpEntry& entry, const KerasArgs& args, llvm::ArrayRef<TensorType> tensors) {
  const ops::Family* family = ops::findFamily(ops::familyOf(entry, args));
  if (!family) return false;
  DType peer = ops::constantPeerDType(tensors);
  std::vector<TensorType> ordered =
      args.inKerasOrder(tensors, [&](const Value& v) { return ops::constantTensorType(v, peer); });
  ops::OpCall call{entry, args, ordered, ops::outputDType(entry, args, ordered), nullptr};
  return family->knowsCount(call);
}

bool isKnownShapeFamily(llvm::StringRef family) { return ops::findFamily(family) != nullptr; }

bool isKnownDTypeRule(llvm::StringRef rule) {
  return rule == "same" || rule == "float" || rule == "arg" || rule == "float32" || rule == "int32" ||
         rule == "int64" || rule == "bool";
}

Result<std::vector<TensorType>> inferOpOutputs(const OpEntry& entry, const KerasArgs& args,
                                               llvm::ArrayRef<TensorType> tensors, AssumptionLog* log) {
  DType peer = ops::constantPeerDType(tensors);
  std::vector<TensorType> ordered =
      args.inKerasOrder(tensors, [&](const Value& v) { return ops::constantTensorType(v, peer); });
  DType dtype = ops::outputDType(entry, args, ordered);
  const ops::Family* family = ops::findFamily(ops::familyOf(entry, args));
  ops::OpCall call{entry, args, ordered, dtype, log};
  if (!family || ordered.size() < family->minTensors) return call.unknownOutput();
  return family->infer(call);
}

}  // namespace graphlint
