#pragma once
// The mechanics of translating one Keras 1 config: renamed, combined, added and dropped keys,
// each recorded as a line for the user. Entries keep their order; carried-over values keep
// their positions, and a renamed key keeps its key's position.

#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include "frontends/keras/Keras1Layers.h"
#include "ir/Value.h"

namespace graphlint {

class Keras1Rewrite {
 public:
  /// `config` must be a map.
  Keras1Rewrite(llvm::StringRef keras1Class, const Value& config);

  llvm::StringRef keras1Class() const { return keras1Class_; }
  llvm::StringRef className() const { return className_; }
  const Value* find(llvm::StringRef key) const;

  /// Today's class, with the line that says so.
  void setClass(std::string className, std::string line);
  /// `from` becomes `to`, same value: "nb_filter=64 -> filters=64". Nothing if `from` is absent.
  void rename(llvm::StringRef from, llvm::StringRef to);
  /// `from` becomes `to` with another value: "consume_less=\"cpu\" -> implementation=0", and
  /// ": why" when given. `from` may equal `to`. Nothing if `from` is absent.
  void replace(llvm::StringRef from, llvm::StringRef to, Value value, llvm::StringRef why = {});
  /// Several keys become one list at the first one's place: "nb_row=3, nb_col=3 ->
  /// kernel_size=[3, 3]". All of them or none must be there.
  void combine(llvm::ArrayRef<llvm::StringRef> from, llvm::StringRef to);
  /// One key becomes several with its value: "init -> depthwise_initializer, pointwise_initializer".
  void split(llvm::StringRef from, llvm::ArrayRef<llvm::StringRef> to);
  /// Removes a key: "dropout=0.2 dropped: why". Nothing if absent.
  void drop(llvm::StringRef key, llvm::StringRef why);
  /// Removes a key without a line, for arguments that mean nothing today (a Merge's
  /// output_mask when its mode is a name).
  void erase(llvm::StringRef key);
  /// A key Keras 1 did not write: "reset_after=False: why". Nothing if already there.
  void add(llvm::StringRef key, Value value, llvm::StringRef why);
  /// Replaces a value without a line (a wrapped layer, translated on its own).
  void setValue(llvm::StringRef key, Value value);
  void note(std::string line);
  /// Marks the layer untranslatable; the first reason wins.
  void fail(std::string reason);
  bool failed() const { return unsupported_.has_value(); }

  Keras1Translation finish() &&;

 private:
  /// The entry's index, or -1.
  int indexOf(llvm::StringRef key) const;
  /// Fails when `to` is already there (a config mixing Keras 1 and Keras 2 names); Keras 2
  /// refused such calls too.
  bool targetFree(llvm::StringRef from, llvm::StringRef to);

  std::string keras1Class_;
  std::string className_;
  SourceLoc loc_;
  std::vector<Value::Entry> entries_;
  std::vector<std::string> changes_;
  std::optional<std::string> unsupported_;
};

/// `key=value` for a change line, or just `key` when the value's text is long (a regularizer
/// object).
std::string shownArgument(llvm::StringRef key, const Value& value);

}  // namespace graphlint
