#include "catalogue/ShapeRules.h"

namespace graphlint {

DType computeDType(const LayerCall& call) {
  const Value* dtype = call.config.find("dtype");
  if (dtype && dtype->isString())
    if (std::optional<DType> parsed = parseDType(dtype->asString())) return *parsed;
  return DType::Float32;
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

std::optional<size_t> normalizeAxis(int64_t axis, size_t rank) {
  int64_t r = static_cast<int64_t>(rank);
  if (axis < -r || axis >= r) return std::nullopt;
  return static_cast<size_t>(axis < 0 ? axis + r : axis);
}

std::string inputShapeStr(const LayerCall& call, size_t index) { return call.inputs[index].shapeStr(); }

Result<Dims> broadcastShapes(const Dims& a, const Dims& b, llvm::StringRef verb) {
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
        // Either may be 1 at run time; keep the one that is known, if any.
        out[i] = da->isUnknown() ? *db : *da;
        break;
    }
  }
  return out;
}

}  // namespace graphlint
