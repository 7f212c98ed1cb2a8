#pragma once
// The representation behind Dim, shared by its three source files and nothing else:
// Dim.cpp (canonical construction and arithmetic), DimInterval.cpp (sound value ranges) and
// DimText.cpp (printing). Other code uses the Dim API in ir/Dim.h.

#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include "ir/Dim.h"

namespace graphlint {
namespace detail {


/// A sound range of values. lo is kNegInf or within [-kCap, kCap]; hi is within [-kCap, kCap]
/// or kPosInf. Values beyond the cap are widened, never narrowed, so the range stays sound.
struct Interval {
  int64_t lo;
  int64_t hi;
};

struct Atom;
using AtomPtr = std::shared_ptr<const Atom>;

struct Factor {
  AtomPtr atom;
  int power;
};

struct Term {
  llvm::SmallVector<Factor, 1> factors;  // sorted by atom, distinct atoms; empty for a constant
  int64_t coeff = 0;
  int degree = 0;
};
using Terms = llvm::SmallVector<Term, 2>;

enum class AtomKind : uint8_t { Symbol, FloorDiv, Mod, Min, Max };

struct Atom {
  AtomKind kind = AtomKind::Symbol;
  std::string name;  // symbols only
  Dim lhs;           // operands of the other kinds, canonical and known
  Dim rhs;
  Interval range{1, 1};
  size_t hash = 0;
  int nesting = 0;  // operator atoms nested inside this one, itself included
};

struct DimExpr {
  bool invalid = false;
  std::string reason;
  Terms terms;  // canonical: sorted by monomial, distinct monomials, nonzero coefficients
  Interval range{0, 0};
  size_t hash = 0;
  int nesting = 0;

  static Dim wrap(std::shared_ptr<const DimExpr> expr) { return Dim(std::move(expr)); }
  static const DimExpr* of(const Dim& dim) { return dim.expr_.get(); }
};


inline const DimExpr& exprOf(const Dim& d) { return *DimExpr::of(d); }

/// The single atom of `coeff * atom`, or null.
inline const Atom* soleAtom(const DimExpr& e) {
  if (e.terms.size() != 1 || e.terms[0].coeff != 1 || e.terms[0].degree != 1) return nullptr;
  return e.terms[0].factors[0].atom.get();
}

// Integer helpers with Python semantics and no undefined behaviour (DimInterval.cpp).

/// Python's `a // b`; b != 0 and not (a == INT64_MIN and b == -1).
int64_t floorDivInt(int64_t a, int64_t b);
/// Python's `a % b`; b != 0.
int64_t modInt(int64_t a, int64_t b);

// Sound interval arithmetic over values where every symbol is >= 1 (DimInterval.cpp).

constexpr int64_t kNegInf = std::numeric_limits<int64_t>::min();
constexpr int64_t kPosInf = std::numeric_limits<int64_t>::max();
constexpr Interval kFullRange{kNegInf, kPosInf};

Interval constantRange(int64_t v);
Interval addRange(Interval a, Interval b);
Interval mulRange(Interval a, Interval b);
Interval scaleRange(Interval a, int64_t c);
Interval negRange(Interval a);
Interval powRange(Interval a, int p);
Interval floorDivRange(Interval p, Interval q);
Interval modRange(Interval p, Interval q);

// Canonical construction and polynomial arithmetic (Dim.cpp).

/// Builds the text of an operation for an overflow message, only when one is needed.
using Describe = llvm::function_ref<std::string()>;

int compareAtom(const Atom& x, const Atom& y);
/// Higher degree first, then by atoms (higher power first); the constant comes last.
int compareMonomial(const Term& x, const Term& y);
int compareExpr(const DimExpr& x, const DimExpr& y);
/// Wraps canonical terms into a Dim, filling in the cached facts (or invalid past the limits).
Dim finish(Terms terms, Describe describe);
/// A floordiv, mod, min or max atom of two canonical operands, as a Dim.
Dim operatorAtom(AtomKind kind, const Dim& lhs, const Dim& rhs);
/// The result when an operand is invalid or unknown; nullopt when both are known.
std::optional<Dim> propagate(const Dim& a, const Dim& b);
Dim overflow(Describe describe);
Dim negate(const Dim& a);

// Division, modulo, min and max (DimDivision.cpp).

Dim divideOrMod(AtomKind kind, const Dim& a, const Dim& b);
Dim minOrMax(AtomKind kind, const Dim& a, const Dim& b);

// Printing (DimText.cpp).

/// The canonical Python-like text of a known expression.
std::string exprText(const DimExpr& e);
/// An operand inside an error message: parenthesized unless it is a primary, and shortened.
std::string operandText(const Dim& d);
/// `a op b` for an error message.
std::string binaryText(const Dim& a, llvm::StringRef op, const Dim& b);

}  // namespace detail
}  // namespace graphlint
