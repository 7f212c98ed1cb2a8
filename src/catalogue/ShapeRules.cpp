#include "catalogue/ShapeRules.h"

#include <cassert>
#include <cctype>

#include "llvm/ADT/STLExtras.h"

namespace graphlint {

DType computeDType(const LayerCall& call) {
  const Value* dtype = call.config.find("dtype");
  if (!dtype || !dtype->isString()) return DType::Float32;
  // A mixed precision policy computes in its half type (and keeps float32 variables).
  llvm::StringRef name = dtype->asString();
  name.consume_front("mixed_");
  return parseDType(name).value_or(DType::Float32);
}

std::optional<Error> checkRank(const LayerCall& call, size_t index, size_t minRank, size_t maxRank,
                               llvm::StringRef what) {
  const TensorType& input = call.inputs[index];
  if (!input.hasRank()) return std::nullopt;
  size_t rank = input.rank();
  if (rank >= minRank && rank <= maxRank) return std::nullopt;
  return makeError(call.schema.className + " expects " + what.str() + ", got the " +
                   std::to_string(rank) + "-D input " + input.shapeStr());
}

Dim totalElements(llvm::ArrayRef<TensorType> tensors) {
  Dim total = Dim::constant(0);
  for (const TensorType& t : tensors) total = total + t.elementCount();
  return total;
}

std::optional<size_t> normalizeAxis(int64_t axis, size_t rank) {
  int64_t r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return std::nullopt;
  return static_cast<size_t>(axis < 0 ? axis + r : axis);
}

std::string inputShapeStr(const LayerCall& call, size_t index) { return call.inputs[index].shapeStr(); }

Result<Dims> broadcastShapes(const Dims& a, const Dims& b, llvm::StringRef verb, AssumptionLog* log) {
  size_t rank = std::max(a.size(), b.size());
  Dims out(rank);
  for (size_t i = 0; i < rank; ++i) {
    // Align from the right, as NumPy does.
    const Dim* da = i + a.size() >= rank ? &a[i + a.size() - rank] : nullptr;
    const Dim* db = i + b.size() >= rank ? &b[i + b.size() - rank] : nullptr;
    if (!da) { out[i] = *db; continue; }
    if (!db) { out[i] = *da; continue; }
    if (da->constantValue() == 1) { out[i] = *db; continue; }
    if (db->constantValue() == 1) { out[i] = *da; continue; }
    switch (Dim::relation(*da, *db)) {
      case DimRelation::Equal: out[i] = *da; break;
      case DimRelation::Different:
        return makeError("cannot " + verb.str() + " " + formatShape(a) + " and " + formatShape(b) +
                         ": dim " + std::to_string(i) + " differs (" + da->str() + " vs " + db->str() + ")");
      case DimRelation::Unknown:
        // Either may be 1 at run time; otherwise they must agree, which the model assumes.
        if (da->isKnown() && db->isKnown() && log)
          log->assumeEqual(*da, *db, "dim " + std::to_string(i) + " of the shapes to " + verb.str());
        out[i] = da->isUnknown() ? *db : *da;
        break;
    }
  }
  return out;
}

bool isChannelsFirst(const LayerCall& call) {
  const Value& format = call.attr("data_format");
  return format.isString() && format.asString() == "channels_first";
}

std::string spatialAxisName(size_t spatialRank, size_t axis) {
  static const char* const kOne[] = {"steps"};
  static const char* const kTwo[] = {"rows", "cols"};
  static const char* const kThree[] = {"depth", "rows", "cols"};
  if (spatialRank == 1 && axis < 1) return kOne[axis];
  if (spatialRank == 2 && axis < 2) return kTwo[axis];
  if (spatialRank == 3 && axis < 3) return kThree[axis];
  return "spatial dim " + std::to_string(axis + 1);
}

std::string spatialInputDescription(size_t spatialRank, bool channelsFirst) {
  std::string layout = "batch";
  if (channelsFirst) layout += ", channels";
  for (size_t i = 0; i < spatialRank; ++i) layout += ", " + spatialAxisName(spatialRank, i);
  if (!channelsFirst) layout += ", channels";
  return "a " + std::to_string(spatialRank + 2) + "-D input (" + layout + ")";
}

SpatialDims SpatialDims::split(const Dims& dims, bool channelsFirst) {
  assert(dims.size() >= 2 && "a spatial shape has batch and channel dims");
  SpatialDims parts;
  parts.channelsFirst = channelsFirst;
  parts.batch = dims.front();
  parts.channels = channelsFirst ? dims[1] : dims.back();
  size_t first = channelsFirst ? 2 : 1;
  parts.spatial.assign(dims.begin() + first, dims.begin() + first + (dims.size() - 2));
  return parts;
}

SpatialDims SpatialDims::unknown(size_t spatialRank, bool channelsFirst) {
  SpatialDims parts;
  parts.channelsFirst = channelsFirst;
  parts.spatial.assign(spatialRank, Dim::unknown());
  return parts;
}

Dims SpatialDims::join() const {
  Dims dims{batch};
  if (channelsFirst) dims.push_back(channels);
  dims.append(spatial.begin(), spatial.end());
  if (!channelsFirst) dims.push_back(channels);
  return dims;
}

Result<llvm::SmallVector<int64_t, 3>> spatialInts(const LayerCall& call, const Value& value,
                                                  llvm::StringRef name, size_t spatialRank,
                                                  int64_t minValue) {
  llvm::SmallVector<int64_t, 3> values;
  if (value.isInt()) {
    values.assign(spatialRank, value.asInt());
  } else if (value.isList() && value.items().size() == spatialRank &&
             llvm::all_of(value.items(), [](const Value& v) { return v.isInt(); })) {
    for (const Value& v : value.items()) values.push_back(v.asInt());
  } else {
    return makeError(call.schema.className + " '" + name.str() + "' must be an integer or a list of " +
                     std::to_string(spatialRank) + " integer" + (spatialRank == 1 ? "" : "s") + ", got " +
                     value.str());
  }
  if (llvm::any_of(values, [&](int64_t v) { return v < minValue; }))
    return makeError(call.schema.className + " '" + name.str() + "' values must be >= " +
                     std::to_string(minValue) + ", got " + value.str());
  return values;
}

Result<ConvWindow> convWindow(const LayerCall& call, size_t spatialRank) {
  ConvWindow w;
  auto kernel = spatialInts(call, call.attr("kernel_size"), "kernel_size", spatialRank, 1);
  if (!kernel) return kernel.error();
  auto strides = spatialInts(call, call.attr("strides"), "strides", spatialRank, 1);
  if (!strides) return strides.error();
  auto dilation = spatialInts(call, call.attr("dilation_rate"), "dilation_rate", spatialRank, 1);
  if (!dilation) return dilation.error();
  w.kernel = *kernel;
  w.strides = *strides;
  w.dilation = *dilation;
  return w;
}

bool isProvablyNonPositive(const Dim& size) {
  return size.isKnown() && (size - Dim::constant(1)).isProvablyNegative();
}

Error nonPositiveSizeError(const LayerCall& call, llvm::StringRef padding, llvm::StringRef axisName,
                           llvm::StringRef formula, llvm::StringRef values, const Dim& result) {
  return nonPositiveSizeError(call.schema.className, padding, axisName, formula, values, result);
}

Error nonPositiveSizeError(llvm::StringRef who, llvm::StringRef padding, llvm::StringRef axisName,
                           llvm::StringRef formula, llvm::StringRef values, const Dim& result) {
  return makeError(who.str() + " output size is not positive: with padding '" + padding.str() + "', " +
                   axisName.str() + " = " + formula.str() + " = " + values.str() + " = " + result.str());
}

Result<Dim> windowOutputSize(const LayerCall& call, WindowKind kind, llvm::StringRef padding,
                             size_t spatialRank, size_t axis, const Dim& in, const Window& window) {
  return windowOutputSize(call.schema.className, kind, padding, spatialRank, axis, in, window);
}

Result<Dim> windowOutputSize(llvm::StringRef who, WindowKind kind, llvm::StringRef padding, size_t spatialRank,
                             size_t axis, const Dim& in, const Window& window) {
  Dim size = Dim::constant(window.size), stride = Dim::constant(window.stride);
  Dim out, one = Dim::constant(1);
  std::string formula, values;
  std::string k = std::to_string(window.size), s = std::to_string(window.stride);
  // "explicit" (an op's given padding, already added to `in`) slides like "valid".
  if (padding != "same" && padding != "causal") {
    Dim span = Dim::constant(window.dilation) * (size - one) + one;
    out = Dim::floorDiv(in - span, stride) + one;
    if (kind == WindowKind::Pooling) {
      formula = "(in - pool_size)//stride + 1";
      values = "(" + in.str() + " - " + k + ")//" + s + " + 1";
    } else {
      formula = "(in - dilation*(kernel-1) - 1)//stride + 1";
      values = "(" + in.str() + " - " + std::to_string(window.dilation) + "*(" + k + "-1) - 1)//" + s + " + 1";
    }
  } else {
    out = Dim::ceilDiv(in, stride);
    formula = "cdiv(in, stride)";
    values = "cdiv(" + in.str() + ", " + s + ")";
  }
  if (isProvablyNonPositive(out))
    return nonPositiveSizeError(who, padding, spatialAxisName(spatialRank, axis), formula, values, out);
  return out;
}

namespace {

/// `h - 2` becomes `(h - 2)` where it is multiplied in a message; names and numbers stay bare.
std::string factorStr(const Dim& d) {
  std::string text = d.str();
  bool bare = llvm::all_of(text, [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
  return bare ? text : "(" + text + ")";
}

}  // namespace

Result<Dim> transposedWindowOutputSize(llvm::StringRef who, llvm::StringRef padding, size_t spatialRank, size_t axis,
                                       const Dim& in, const Window& window, std::optional<int64_t> outputPadding) {
  Dim one = Dim::constant(1);
  Dim stride = Dim::constant(window.stride);
  std::string k = std::to_string(window.size), s = std::to_string(window.stride);
  std::string d = std::to_string(window.dilation);
  Dim span = Dim::constant(window.dilation) * (Dim::constant(window.size) - one) + one;
  bool inferred = !outputPadding;
  std::string op = inferred ? "" : std::to_string(*outputPadding);
  Dim out;
  std::string formula, values;
  if (padding == "valid") {
    Dim extra = inferred ? Dim::max(span, stride) : span + Dim::constant(*outputPadding);
    out = (in - one) * stride + extra;
    formula = inferred ? "(in - 1)*stride + max(dilation*(kernel-1) + 1, stride)"
                       : "(in - 1)*stride + dilation*(kernel-1) + 1 + output_padding";
    values = "(" + in.str() + " - 1)*" + s + " + " +
             (inferred ? "max(" + d + "*(" + k + "-1) + 1, " + s + ")" : d + "*(" + k + "-1) + 1 + " + op);
  } else if (inferred) {
    out = in * stride;
    formula = "in*stride";
    values = factorStr(in) + "*" + s;
  } else {
    out = (in - one) * stride + Dim::mod(span, Dim::constant(2)) + Dim::constant(*outputPadding);
    formula = "(in - 1)*stride + (dilation*(kernel-1) + 1) % 2 + output_padding";
    values = "(" + in.str() + " - 1)*" + s + " + (" + d + "*(" + k + "-1) + 1) % 2 + " + op;
  }
  if (isProvablyNonPositive(out))
    return nonPositiveSizeError(who, padding, spatialAxisName(spatialRank, axis), formula, values, out);
  return out;
}

Result<llvm::SmallVector<size_t, 4>> resolveAxes(const LayerCall& call, size_t index, const Value& axis,
                                                 bool allowDuplicates) {
  const TensorType& input = call.inputs[index];
  assert(input.hasRank() && "resolveAxes needs a known rank");
  llvm::SmallVector<int64_t, 4> given;
  if (axis.isInt()) given.push_back(axis.asInt());
  for (const Value& item : axis.isList() ? axis.items() : std::vector<Value>{})
    if (item.isInt()) given.push_back(item.asInt());
  llvm::SmallVector<size_t, 4> resolved;
  for (int64_t a : given) {
    std::optional<size_t> d = normalizeAxis(a, input.rank());
    if (!d)
      return makeError(call.schema.className + " axis " + std::to_string(a) + " is out of range for the " +
                       std::to_string(input.rank()) + "-D input " + input.shapeStr());
    if (!allowDuplicates && llvm::is_contained(resolved, *d))
      return makeError(call.schema.className + " axis " + axis.str() + " names dim " + std::to_string(*d) +
                       " twice, for the input " + input.shapeStr());
    resolved.push_back(*d);
  }
  return resolved;
}

}  // namespace graphlint
