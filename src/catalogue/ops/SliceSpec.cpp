#include "catalogue/ops/SliceSpec.h"

#include "llvm/ADT/StringExtras.h"

#include "ir/Dim.h"

namespace graphlint {
namespace {

bool isTagged(const Value& v, llvm::StringRef className) {
  const Value* name = v.find("class_name");
  return name && name->isString() && name->asString() == className;
}

/// An integer a slice may hold; null is None. False for anything else.
bool sliceBound(const Value* v, std::optional<int64_t>& out) {
  if (!v) return false;
  if (v->isNull()) return true;
  if (!v->isInt() || v->asInt() > Dim::kMaxLiteral || v->asInt() < -Dim::kMaxLiteral) return false;
  out = v->asInt();
  return true;
}

std::optional<IndexItem> parseItem(const Value& v) {
  IndexItem item;
  if (v.isNull()) {
    item.kind = IndexItem::Kind::NewAxis;
    return item;
  }
  if (v.isInt()) {
    if (v.asInt() > Dim::kMaxLiteral || v.asInt() < -Dim::kMaxLiteral) return std::nullopt;
    item.index = v.asInt();
    return item;
  }
  if (!v.isMap()) return std::nullopt;  // a bool mask, a float, a string, a list
  if (isTagged(v, "__ellipsis__") && v.entries().size() == 1) {
    item.kind = IndexItem::Kind::Ellipsis;
    return item;
  }
  item.kind = IndexItem::Kind::Slice;
  if (v.entries().size() != 3 || !sliceBound(v.find("start"), item.start) || !sliceBound(v.find("stop"), item.stop) ||
      !sliceBound(v.find("step"), item.step))
    return std::nullopt;
  return item;
}

std::string boundText(const std::optional<int64_t>& bound) { return bound ? std::to_string(*bound) : ""; }

}  // namespace

std::optional<std::vector<IndexItem>> parseSliceSpec(const Value& spec) {
  const Value* list = &spec;
  if (spec.isMap() && isTagged(spec, "__tuple__")) list = spec.find("items");
  if (!list || !list->isList()) {
    std::optional<IndexItem> item = parseItem(spec);
    if (!item) return std::nullopt;
    return std::vector<IndexItem>{*item};
  }
  std::vector<IndexItem> items;
  for (const Value& v : list->items()) {
    std::optional<IndexItem> item = parseItem(v);
    if (!item) return std::nullopt;
    items.push_back(*item);
  }
  return items;
}

std::string subscriptText(llvm::ArrayRef<IndexItem> items) {
  if (items.empty()) return "()";
  std::vector<std::string> parts;
  for (const IndexItem& item : items) {
    switch (item.kind) {
      case IndexItem::Kind::Index: parts.push_back(std::to_string(item.index)); break;
      case IndexItem::Kind::NewAxis: parts.push_back("None"); break;
      case IndexItem::Kind::Ellipsis: parts.push_back("..."); break;
      case IndexItem::Kind::Slice:
        parts.push_back(boundText(item.start) + ":" + boundText(item.stop) + (item.step ? ":" + boundText(item.step) : ""));
        break;
    }
  }
  return llvm::join(parts, ", ");
}

}  // namespace graphlint
