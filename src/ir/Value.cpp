#include "ir/Value.h"

#include <cmath>
#include <cstdio>

namespace graphlint {

Value Value::null(SourceLoc loc) {
  Value v;
  v.loc_ = loc;
  return v;
}

Value Value::boolean(bool b, SourceLoc loc) {
  Value v = null(loc);
  v.kind_ = Kind::Bool;
  v.bool_ = b;
  return v;
}

Value Value::integer(int64_t i, SourceLoc loc) {
  Value v = null(loc);
  v.kind_ = Kind::Int;
  v.int_ = i;
  return v;
}

Value Value::number(double d, SourceLoc loc) {
  Value v = null(loc);
  v.kind_ = Kind::Float;
  v.float_ = d;
  return v;
}

Value Value::string(std::string s, SourceLoc loc) {
  Value v = null(loc);
  v.kind_ = Kind::String;
  v.string_ = std::move(s);
  return v;
}

Value Value::list(std::vector<Value> items, SourceLoc loc) {
  Value v = null(loc);
  v.kind_ = Kind::List;
  v.items_ = std::move(items);
  return v;
}

Value Value::map(std::vector<Entry> entries, SourceLoc loc) {
  Value v = null(loc);
  v.kind_ = Kind::Map;
  v.entries_ = std::move(entries);
  return v;
}

const Value::Entry* Value::findEntry(llvm::StringRef key) const {
  for (const Entry& entry : entries_)
    if (entry.key == key) return &entry;
  return nullptr;
}

const Value* Value::find(llvm::StringRef key) const {
  const Entry* entry = findEntry(key);
  return entry ? &entry->value : nullptr;
}

std::vector<Value::Entry> Value::takeEntries() {
  std::vector<Entry> taken = std::move(entries_);
  entries_.clear();
  return taken;
}

void Value::set(std::string key, Value value) {
  kind_ = Kind::Map;
  for (Entry& entry : entries_) {
    if (entry.key == key) {
      entry.value = std::move(value);
      return;
    }
  }
  entries_.push_back(Entry{std::move(key), std::move(value), SourceLoc{}});
}

static std::string quoted(llvm::StringRef s) {
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string Value::str() const {
  switch (kind_) {
    case Kind::Null: return "None";
    case Kind::Bool: return bool_ ? "True" : "False";
    case Kind::Int: return std::to_string(int_);
    case Kind::Float: {
      if (std::isnan(float_)) return "nan";
      if (std::isinf(float_)) return float_ > 0 ? "inf" : "-inf";
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g", float_);
      // Prefer the shortest text that reads back to the same double.
      for (int precision = 1; precision < 17; ++precision) {
        char shorter[32];
        std::snprintf(shorter, sizeof shorter, "%.*g", precision, float_);
        if (std::strtod(shorter, nullptr) == float_) {
          std::snprintf(buf, sizeof buf, "%s", shorter);
          break;
        }
      }
      std::string text = buf;
      if (text.find_first_of(".en") == std::string::npos) text += ".0";
      return text;
    }
    case Kind::String: return quoted(string_);
    case Kind::List: {
      std::string out = "[";
      for (size_t i = 0; i < items_.size(); ++i) out += (i ? ", " : "") + items_[i].str();
      return out + "]";
    }
    case Kind::Map: {
      std::string out = "{";
      for (size_t i = 0; i < entries_.size(); ++i)
        out += (i ? ", " : "") + quoted(entries_[i].key) + ": " + entries_[i].value.str();
      return out + "}";
    }
  }
  return "";
}

llvm::StringRef Value::kindName(Kind kind) {
  switch (kind) {
    case Kind::Null: return "null";
    case Kind::Bool: return "a boolean";
    case Kind::Int: return "an integer";
    case Kind::Float: return "a number";
    case Kind::String: return "a string";
    case Kind::List: return "a list";
    case Kind::Map: return "a mapping";
  }
  return "a value";
}

}  // namespace graphlint
