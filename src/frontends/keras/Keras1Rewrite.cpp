#include "frontends/keras/Keras1Rewrite.h"

#include "llvm/ADT/StringExtras.h"

namespace graphlint {
namespace {

/// Longer values (regularizer and constraint objects) are left out of change lines.
constexpr size_t kShownValueChars = 40;

}  // namespace

std::string shownArgument(llvm::StringRef key, const Value& value) {
  std::string text = value.str();
  return text.size() <= kShownValueChars ? key.str() + "=" + text : key.str();
}

Keras1Rewrite::Keras1Rewrite(llvm::StringRef keras1Class, const Value& config)
    : keras1Class_(keras1Class.str()), className_(keras1Class.str()), loc_(config.loc()), entries_(config.entries()) {}

int Keras1Rewrite::indexOf(llvm::StringRef key) const {
  for (size_t i = 0; i < entries_.size(); ++i)
    if (entries_[i].key == key) return static_cast<int>(i);
  return -1;
}

const Value* Keras1Rewrite::find(llvm::StringRef key) const {
  int i = indexOf(key);
  return i < 0 ? nullptr : &entries_[i].value;
}

bool Keras1Rewrite::targetFree(llvm::StringRef from, llvm::StringRef to) {
  if (from == to || indexOf(to) < 0) return true;
  fail(keras1Class_ + " has both '" + from.str() + "' (Keras 1) and '" + to.str() +
       "' (its name since Keras 2); keep one");
  return false;
}

void Keras1Rewrite::setClass(std::string className, std::string line) {
  className_ = std::move(className);
  changes_.push_back(std::move(line));
}

void Keras1Rewrite::rename(llvm::StringRef from, llvm::StringRef to) {
  int i = indexOf(from);
  if (i < 0 || !targetFree(from, to)) return;
  Value::Entry& entry = entries_[i];
  changes_.push_back(shownArgument(from, entry.value) + " -> " + shownArgument(to, entry.value));
  entry.key = to.str();
}

void Keras1Rewrite::replace(llvm::StringRef from, llvm::StringRef to, Value value, llvm::StringRef why) {
  int i = indexOf(from);
  if (i < 0 || !targetFree(from, to)) return;
  Value::Entry& entry = entries_[i];
  std::string line = shownArgument(from, entry.value) + " -> " + shownArgument(to, value);
  if (!why.empty()) line += ": " + why.str();
  changes_.push_back(std::move(line));
  entry.key = to.str();
  entry.value = std::move(value);
}

void Keras1Rewrite::combine(llvm::ArrayRef<llvm::StringRef> from, llvm::StringRef to) {
  std::vector<std::string> present, missing;
  for (llvm::StringRef key : from) (indexOf(key) < 0 ? missing : present).push_back(key.str());
  if (present.empty()) return;
  if (!missing.empty()) {
    fail(keras1Class_ + " gives its " + to.str() + " as " + llvm::join(from, ", ") + ", but " +
         llvm::join(missing, ", ") + (missing.size() == 1 ? " is" : " are") + " missing");
    return;
  }
  if (!targetFree(from.front(), to)) return;
  int first = indexOf(from.front());
  std::vector<Value> items;
  std::vector<std::string> shown;
  for (llvm::StringRef key : from) {
    const Value& v = entries_[indexOf(key)].value;
    items.push_back(v);
    shown.push_back(shownArgument(key, v));
  }
  Value list = Value::list(std::move(items), entries_[first].value.loc());
  changes_.push_back(llvm::join(shown, ", ") + " -> " + shownArgument(to, list));
  entries_[first].key = to.str();
  entries_[first].value = std::move(list);
  for (llvm::StringRef key : from.drop_front()) entries_.erase(entries_.begin() + indexOf(key));
}

void Keras1Rewrite::split(llvm::StringRef from, llvm::ArrayRef<llvm::StringRef> to) {
  int i = indexOf(from);
  if (i < 0) return;
  for (llvm::StringRef key : to)
    if (!targetFree(from, key)) return;
  Value::Entry original = entries_[i];
  entries_.erase(entries_.begin() + i);
  std::vector<std::string> shown;
  for (size_t k = 0; k < to.size(); ++k) {
    entries_.insert(entries_.begin() + i + k, Value::Entry{to[k].str(), original.value, original.keyLoc});
    shown.push_back(shownArgument(to[k], original.value));
  }
  changes_.push_back(shownArgument(from, original.value) + " -> " + llvm::join(shown, ", "));
}

void Keras1Rewrite::drop(llvm::StringRef key, llvm::StringRef why) {
  int i = indexOf(key);
  if (i < 0) return;
  changes_.push_back(shownArgument(key, entries_[i].value) + " dropped: " + why.str());
  entries_.erase(entries_.begin() + i);
}

void Keras1Rewrite::erase(llvm::StringRef key) {
  if (int i = indexOf(key); i >= 0) entries_.erase(entries_.begin() + i);
}

void Keras1Rewrite::add(llvm::StringRef key, Value value, llvm::StringRef why) {
  if (indexOf(key) >= 0) return;
  changes_.push_back(shownArgument(key, value) + ": " + why.str());
  entries_.push_back(Value::Entry{key.str(), std::move(value), SourceLoc{}});
}

void Keras1Rewrite::setValue(llvm::StringRef key, Value value) {
  if (int i = indexOf(key); i >= 0) entries_[i].value = std::move(value);
}

void Keras1Rewrite::note(std::string line) { changes_.push_back(std::move(line)); }

void Keras1Rewrite::fail(std::string reason) {
  if (!unsupported_) unsupported_ = std::move(reason);
}

Keras1Translation Keras1Rewrite::finish() && {
  return Keras1Translation{std::move(className_), Value::map(std::move(entries_), loc_), std::move(changes_),
                           std::move(unsupported_)};
}

}  // namespace graphlint
