#pragma once
// A value or an error message, for functions that fail on user input without throwing.

#include <cassert>
#include <string>
#include <utility>
#include <variant>

#include "support/SourceLoc.h"

namespace graphlint {

/// Why an operation on user input failed, in words a user can act on.
struct Error {
  std::string message;
  /// Where in the input file, when the failure is about a place in it.
  SourceLoc loc = {};
  /// The file `loc` is in when it is not the file being read, e.g. `model.keras:config.json`
  /// for a member of an archive; empty otherwise.
  std::string file = {};
};

template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}
  Result(Error error) : state_(std::move(error)) {}

  bool ok() const { return std::holds_alternative<T>(state_); }
  explicit operator bool() const { return ok(); }

  T& value() {
    assert(ok());
    return std::get<T>(state_);
  }
  const T& value() const {
    assert(ok());
    return std::get<T>(state_);
  }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  const Error& error() const {
    assert(!ok());
    return std::get<Error>(state_);
  }

 private:
  std::variant<T, Error> state_;
};

inline Error makeError(std::string message, SourceLoc loc = {}) {
  return Error{std::move(message), loc};
}

}  // namespace graphlint
