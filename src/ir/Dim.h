#pragma once
// Tensor dimensions as exact integer algebra over named symbols.
//
// A Dim is one of:
//   - unknown: nothing is known (Keras' None); never an error by itself;
//   - an expression: an integer polynomial over atoms, where an atom is a named symbol
//     (`batch`, `seq`; every symbol is an integer >= 1, as in JAX shape polymorphism) or an
//     irreducible floor-division, modulo, min or max of expressions;
//   - invalid: arithmetic that overflowed int64 or divided by zero. Invalid is sticky (like a
//     NaN) and carries the reason, so shape rules can compute freely and check once.
//
// Expressions are kept in one canonical form, so `2*seq`, `seq*2` and `seq+seq` compare equal
// with operator== and print identically. Dims are immutable values, cheap to copy.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringRef.h"

#include "support/Result.h"

namespace graphlint {

namespace detail {
struct DimExpr;  // defined in Dim.cpp
}

/// The answer to "are these two dims equal for every value of the symbols?".
enum class DimRelation { Equal, Different, Unknown };

/// Values for symbols, e.g. {batch: 32, seq: 200}.
using DimBindings = llvm::StringMap<int64_t>;

class Dim {
 public:
  /// Largest literal a spec may write; keeps element counts of a few dims within int64.
  static constexpr int64_t kMaxLiteral = int64_t{1} << 40;

  /// An unknown dim.
  Dim();
  static Dim unknown() { return Dim(); }
  static Dim constant(int64_t value);
  static Dim symbol(llvm::StringRef name);
  static Dim invalid(std::string reason);
  /// An unknown dim the model itself declares (Keras' None, a spec's null), as opposed to
  /// one inference could not work out. It behaves exactly like unknown; only layers that
  /// Keras rejects on a None (Dense's last dim) ask the difference.
  static Dim none();

  /// True for unknown dims, declared None included.
  bool isUnknown() const;
  bool isDeclaredNone() const;
  bool isInvalid() const;
  /// A known expression (constant or symbolic).
  bool isKnown() const { return !isUnknown() && !isInvalid(); }
  std::optional<int64_t> constantValue() const;
  /// Why an invalid dim is invalid; empty otherwise.
  llvm::StringRef invalidReason() const;

  /// Arithmetic. Unknown in, unknown out; invalid in, invalid out (the first reason wins);
  /// overflow or a zero divisor gives invalid.
  friend Dim operator+(const Dim& a, const Dim& b);
  friend Dim operator-(const Dim& a, const Dim& b);
  friend Dim operator*(const Dim& a, const Dim& b);
  Dim operator-() const;
  /// Python's `//` (rounds toward negative infinity).
  static Dim floorDiv(const Dim& a, const Dim& b);
  /// Ceiling division, `-(-a // b)`.
  static Dim ceilDiv(const Dim& a, const Dim& b);
  /// Python's `%` (result has the divisor's sign).
  static Dim mod(const Dim& a, const Dim& b);
  static Dim min(const Dim& a, const Dim& b);
  static Dim max(const Dim& a, const Dim& b);

  /// Structural equality of canonical forms. Unknown (or None) equals only unknown; invalid equals only
  /// an invalid dim with the same reason.
  bool operator==(const Dim& other) const;
  bool operator!=(const Dim& other) const { return !(*this == other); }

  /// Equal when the canonical forms are identical; Different when the difference is provably
  /// nonzero for all symbol values >= 1; otherwise (or if either side is unknown/invalid) Unknown.
  static DimRelation relation(const Dim& a, const Dim& b);

  /// Provable sign facts over all symbol values >= 1.
  bool isProvablyPositive() const;     // > 0
  bool isProvablyNegative() const;     // < 0
  bool isProvablyNonNegative() const;  // >= 0

  /// Replaces bound symbols by their values and re-canonicalizes. Unbound symbols stay.
  Dim substitute(const DimBindings& bindings) const;
  /// Replaces bound symbols by dims (a symbol of a pattern by the dim it matched).
  Dim substitute(const llvm::StringMap<Dim>& bindings) const;

  /// Names of the symbols this dim mentions, sorted, without duplicates.
  llvm::SmallVector<std::string, 2> symbols() const;

  /// Python-like canonical text: `32`, `batch`, `2*seq`, `seq - 1`, `(h - 3)//2 + 1`,
  /// `max(a, b)`, `?` for unknown, `<invalid: reason>` for invalid. Parsing the text of a
  /// known dim gives back an equal dim.
  std::string str() const;

  size_t hash() const;

 private:
  explicit Dim(std::shared_ptr<const detail::DimExpr> expr);
  template <class Bindings>
  static Dim substituteAll(const Dim& dim, const Bindings& bindings);
  std::shared_ptr<const detail::DimExpr> expr_;  // null means unknown
  friend struct detail::DimExpr;
};

/// Parses a dim written in a spec: an integer, a symbol name ([A-Za-z_][A-Za-z0-9_]*), or an
/// expression with + - * // % ( ), unary minus, and the functions min(a, b), max(a, b),
/// cdiv(a, b). Whitespace is ignored. An integer literal above Dim::kMaxLiteral is an error.
/// On error the message names the 1-based column within `text` where parsing failed.
Result<Dim> parseDim(llvm::StringRef text);

}  // namespace graphlint
