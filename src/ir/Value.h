#pragma once
// A configuration value as a model file writes it (a layer's config, an op's arguments):
// null, bool, integer, float, string, list or map, each with the place it was written.
// Frontends build Values from YAML or JSON; passes read them through the layer schemas.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "support/SourceLoc.h"

namespace graphlint {

class Value {
 public:
  enum class Kind { Null, Bool, Int, Float, String, List, Map };
  struct Entry;

  Value() = default;
  static Value null(SourceLoc loc = {});
  static Value boolean(bool b, SourceLoc loc = {});
  static Value integer(int64_t i, SourceLoc loc = {});
  static Value number(double d, SourceLoc loc = {});
  static Value string(std::string s, SourceLoc loc = {});
  static Value list(std::vector<Value> items, SourceLoc loc = {});
  static Value map(std::vector<Entry> entries, SourceLoc loc = {});

  Kind kind() const { return kind_; }
  SourceLoc loc() const { return loc_; }
  bool isNull() const { return kind_ == Kind::Null; }
  bool isBool() const { return kind_ == Kind::Bool; }
  bool isInt() const { return kind_ == Kind::Int; }
  /// Integers count as numbers.
  bool isNumber() const { return kind_ == Kind::Int || kind_ == Kind::Float; }
  bool isString() const { return kind_ == Kind::String; }
  bool isList() const { return kind_ == Kind::List; }
  bool isMap() const { return kind_ == Kind::Map; }

  bool asBool() const { return bool_; }
  int64_t asInt() const { return int_; }
  double asNumber() const { return kind_ == Kind::Int ? static_cast<double>(int_) : float_; }
  llvm::StringRef asString() const { return string_; }
  const std::vector<Value>& items() const { return items_; }
  const std::vector<Entry>& entries() const { return entries_; }

  /// Map lookup; null when absent or when this is not a map.
  const Value* find(llvm::StringRef key) const;
  /// The entry for a key, to reach the key's own position; null when absent.
  const Entry* findEntry(llvm::StringRef key) const;
  /// Map insertion or replacement (keeps the first position of a replaced key).
  void set(std::string key, Value value);
  /// Moves a map's entries out, leaving an empty map: for a frontend that consumes the tree
  /// it parsed instead of copying it.
  std::vector<Entry> takeEntries();

  /// Python-literal text for messages and suggestions: `None`, `True`, `3`, `0.5`, `"relu"`,
  /// `[1, 2]`, `{"units": 3}`.
  std::string str() const;
  /// "an integer", "a string", ... for type-mismatch messages.
  static llvm::StringRef kindName(Kind kind);

 private:
  Kind kind_ = Kind::Null;
  SourceLoc loc_;
  bool bool_ = false;
  int64_t int_ = 0;
  double float_ = 0;
  std::string string_;
  std::vector<Value> items_;
  std::vector<Entry> entries_;
};

/// A map entry: the key, its value, and where the key itself is written.
struct Value::Entry {
  std::string key;
  Value value;
  SourceLoc keyLoc;
};

}  // namespace graphlint
