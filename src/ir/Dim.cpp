// Dims as canonical integer polynomials over atoms.
//
// A known Dim points to an immutable DimExpr: terms sorted by monomial, each a nonzero int64
// coefficient times a product of atom powers. An atom is a symbol or an irreducible floordiv,
// mod, min or max of canonical expressions. Every operation builds a new canonical DimExpr, so
// structural comparison decides equality. Each DimExpr and atom caches its hash and a sound
// interval of the values it can take when every symbol is >= 1; relation() and the sign queries
// read those intervals instead of walking the expression.

#include "ir/Dim.h"
#include "ir/DimExpr.h"

#include <algorithm>
#include <cstdint>
#include <utility>
#include <vector>

#include "llvm/ADT/Hashing.h"
#include "llvm/ADT/STLExtras.h"

namespace graphlint {
namespace detail {

using Wide = __int128;  // exact sums of int64 products

// Symbols are >= 1, so a monomial of degree 63 overflows int64 for any symbol value >= 2.
constexpr int kMaxDegree = 62;
constexpr size_t kMaxTerms = 1000;
constexpr size_t kMaxProducts = size_t{1} << 18;
constexpr int kMaxNesting = 256;

// ---------------------------------------------------------------------------------------------
// Canonical order and hashing

int compareExpr(const DimExpr& x, const DimExpr& y);

int compareAtom(const Atom& x, const Atom& y) {
  if (&x == &y) return 0;
  if (x.kind != y.kind) return x.kind < y.kind ? -1 : 1;
  if (x.kind == AtomKind::Symbol) return llvm::StringRef(x.name).compare(y.name);
  if (int c = compareExpr(exprOf(x.lhs), exprOf(y.lhs))) return c;
  return compareExpr(exprOf(x.rhs), exprOf(y.rhs));
}

/// Higher degree first, then by atoms (higher power first); the constant comes last.
int compareMonomial(const Term& x, const Term& y) {
  if (x.degree != y.degree) return x.degree > y.degree ? -1 : 1;
  size_t n = std::min(x.factors.size(), y.factors.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = compareAtom(*x.factors[i].atom, *y.factors[i].atom)) return c;
    if (x.factors[i].power != y.factors[i].power)
      return x.factors[i].power > y.factors[i].power ? -1 : 1;
  }
  if (x.factors.size() != y.factors.size()) return x.factors.size() < y.factors.size() ? -1 : 1;
  return 0;
}

int compareExpr(const DimExpr& x, const DimExpr& y) {
  if (&x == &y) return 0;
  size_t n = std::min(x.terms.size(), y.terms.size());
  for (size_t i = 0; i < n; ++i) {
    if (int c = compareMonomial(x.terms[i], y.terms[i])) return c;
    if (x.terms[i].coeff != y.terms[i].coeff) return x.terms[i].coeff < y.terms[i].coeff ? -1 : 1;
  }
  if (x.terms.size() != y.terms.size()) return x.terms.size() < y.terms.size() ? -1 : 1;
  return 0;
}

bool sameExpr(const DimExpr& x, const DimExpr& y) {
  return &x == &y || (x.hash == y.hash && compareExpr(x, y) == 0);
}

// ---------------------------------------------------------------------------------------------
// Construction

Dim overflow(Describe describe) { return Dim::invalid("integer overflow in " + describe()); }

/// Wraps canonical terms, filling in the cached facts.
Dim finish(Terms terms, Describe describe) {
  if (terms.size() > kMaxTerms) {
    return Dim::invalid("dim expression with more than " + std::to_string(kMaxTerms) +
                        " terms in " + describe());
  }
  auto e = std::make_shared<DimExpr>();
  e->range = constantRange(0);
  llvm::hash_code hash = llvm::hash_value(terms.size());
  for (const Term& t : terms) {
    Interval range{1, 1};
    hash = llvm::hash_combine(hash, t.coeff, t.degree);
    for (const Factor& f : t.factors) {
      range = mulRange(range, powRange(f.atom->range, f.power));
      hash = llvm::hash_combine(hash, f.atom->hash, f.power);
      e->nesting = std::max(e->nesting, f.atom->nesting);
    }
    e->range = addRange(e->range, scaleRange(range, t.coeff));
  }
  e->hash = hash;
  e->terms = std::move(terms);
  return DimExpr::wrap(std::move(e));
}

Dim constantUncached(int64_t value) {
  Terms terms;
  if (value != 0) {
    terms.emplace_back();
    terms.back().coeff = value;
  }
  return finish(std::move(terms), [] { return std::string(); });
}

Dim atomDim(AtomPtr atom) {
  Terms terms(1);
  terms[0].coeff = 1;
  terms[0].degree = 1;
  terms[0].factors.push_back({std::move(atom), 1});
  return finish(std::move(terms), [] { return std::string(); });
}

Interval operatorRange(AtomKind kind, Interval p, Interval q) {
  switch (kind) {
    case AtomKind::FloorDiv:
      return floorDivRange(p, q);
    case AtomKind::Mod:
      return modRange(p, q);
    case AtomKind::Min:
      return {std::min(p.lo, q.lo), std::min(p.hi, q.hi)};
    case AtomKind::Max:
      return {std::max(p.lo, q.lo), std::max(p.hi, q.hi)};
    case AtomKind::Symbol:
      break;
  }
  return kFullRange;
}

/// An irreducible floordiv/mod/min/max of two canonical known dims.
Dim operatorAtom(AtomKind kind, const Dim& lhs, const Dim& rhs) {
  const DimExpr& p = exprOf(lhs);
  const DimExpr& q = exprOf(rhs);
  auto atom = std::make_shared<Atom>();
  atom->kind = kind;
  atom->nesting = 1 + std::max(p.nesting, q.nesting);
  if (atom->nesting > kMaxNesting) {
    return Dim::invalid("dim expression nests more than " + std::to_string(kMaxNesting) +
                        " divisions, modulos, mins or maxes");
  }
  atom->lhs = lhs;
  atom->rhs = rhs;
  atom->range = operatorRange(kind, p.range, q.range);
  atom->hash = llvm::hash_combine(static_cast<int>(kind), p.hash, q.hash);
  return atomDim(std::move(atom));
}

std::optional<Dim> propagate(const Dim& a, const Dim& b) {
  if (a.isInvalid()) return a;
  if (b.isInvalid()) return b;
  if (a.isUnknown() || b.isUnknown()) return Dim();
  return std::nullopt;
}

// ---------------------------------------------------------------------------------------------
// Polynomial arithmetic

Dim addOrSubtract(const Dim& a, const Dim& b, bool subtract) {
  if (std::optional<Dim> early = propagate(a, b)) return *early;
  auto describe = [&] { return binaryText(a, subtract ? "-" : "+", b); };
  std::optional<int64_t> ca = a.constantValue(), cb = b.constantValue();
  if (ca && cb) {
    int64_t v;
    bool bad =
        subtract ? __builtin_sub_overflow(*ca, *cb, &v) : __builtin_add_overflow(*ca, *cb, &v);
    return bad ? overflow(describe) : Dim::constant(v);
  }
  const Terms& x = exprOf(a).terms;
  const Terms& y = exprOf(b).terms;
  Terms out;
  out.reserve(x.size() + y.size());
  size_t i = 0, j = 0;
  while (i < x.size() || j < y.size()) {
    int c = i == x.size() ? 1 : j == y.size() ? -1 : compareMonomial(x[i], y[j]);
    if (c < 0) {
      out.push_back(x[i++]);
    } else if (c > 0) {
      out.push_back(y[j++]);
      if (subtract && __builtin_sub_overflow(int64_t{0}, out.back().coeff, &out.back().coeff))
        return overflow(describe);
    } else {
      int64_t v;
      bool bad = subtract ? __builtin_sub_overflow(x[i].coeff, y[j].coeff, &v)
                          : __builtin_add_overflow(x[i].coeff, y[j].coeff, &v);
      if (bad) return overflow(describe);
      if (v != 0) {
        out.push_back(x[i]);
        out.back().coeff = v;
      }
      ++i;
      ++j;
    }
  }
  return finish(std::move(out), describe);
}

/// The monomial product of x and y (coefficient left unset); false if the degree is too high.
bool multiplyMonomials(const Term& x, const Term& y, Term& out) {
  out.degree = x.degree + y.degree;
  if (out.degree > kMaxDegree) return false;
  size_t i = 0, j = 0;
  while (i < x.factors.size() || j < y.factors.size()) {
    int c = i == x.factors.size()   ? 1
            : j == y.factors.size() ? -1
                                    : compareAtom(*x.factors[i].atom, *y.factors[j].atom);
    if (c < 0) {
      out.factors.push_back(x.factors[i++]);
    } else if (c > 0) {
      out.factors.push_back(y.factors[j++]);
    } else {
      out.factors.push_back({x.factors[i].atom, x.factors[i].power + y.factors[j].power});
      ++i;
      ++j;
    }
  }
  return true;
}

Dim multiply(const Dim& a, const Dim& b) {
  if (std::optional<Dim> early = propagate(a, b)) return *early;
  auto describe = [&] { return binaryText(a, "*", b); };
  std::optional<int64_t> ca = a.constantValue(), cb = b.constantValue();
  if (ca && cb) {
    int64_t v;
    return __builtin_mul_overflow(*ca, *cb, &v) ? overflow(describe) : Dim::constant(v);
  }
  if (ca == 1) return b;
  if (cb == 1) return a;
  const Terms& x = exprOf(a).terms;
  const Terms& y = exprOf(b).terms;
  if (x.empty() || y.empty()) return Dim::constant(0);
  if (x.size() * y.size() > kMaxProducts) {
    return Dim::invalid("dim expression with more than " + std::to_string(kMaxTerms) +
                        " terms in " + describe());
  }
  std::vector<std::pair<Term, Wide>> products;
  products.reserve(x.size() * y.size());
  for (const Term& tx : x) {
    for (const Term& ty : y) {
      Term t;
      if (!multiplyMonomials(tx, ty, t)) {
        return Dim::invalid("integer overflow in " + describe() + ": degree above " +
                            std::to_string(kMaxDegree));
      }
      products.emplace_back(std::move(t), Wide{tx.coeff} * ty.coeff);
    }
  }
  std::sort(products.begin(), products.end(),
            [](const auto& l, const auto& r) { return compareMonomial(l.first, r.first) < 0; });
  Terms out;
  for (size_t i = 0; i < products.size();) {
    Wide sum = 0;
    size_t j = i;
    for (; j < products.size() && compareMonomial(products[i].first, products[j].first) == 0; ++j) {
      if (__builtin_add_overflow(sum, products[j].second, &sum)) return overflow(describe);
    }
    if (sum < std::numeric_limits<int64_t>::min() || sum > std::numeric_limits<int64_t>::max())
      return overflow(describe);
    if (sum != 0) {
      out.push_back(std::move(products[i].first));
      out.back().coeff = static_cast<int64_t>(sum);
    }
    i = j;
  }
  return finish(std::move(out), describe);
}

Dim negate(const Dim& a) {
  if (!a.isKnown()) return a;
  Terms out = exprOf(a).terms;
  for (Term& t : out) {
    if (__builtin_sub_overflow(int64_t{0}, t.coeff, &t.coeff))
      return overflow([&] { return "-" + operandText(a); });
  }
  return finish(std::move(out), [] { return std::string(); });
}

// ---------------------------------------------------------------------------------------------
// Symbols and substitution

void collectSymbols(const DimExpr& e, std::vector<std::string>& out) {
  for (const Term& t : e.terms) {
    for (const Factor& f : t.factors) {
      const Atom& a = *f.atom;
      if (a.kind == AtomKind::Symbol) {
        out.push_back(a.name);
      } else {
        collectSymbols(exprOf(a.lhs), out);
        collectSymbols(exprOf(a.rhs), out);
      }
    }
  }
}

Dim boundValue(int64_t value) { return Dim::constant(value); }
const Dim& boundValue(const Dim& value) { return value; }

template <class Bindings>
bool mentionsBound(const DimExpr& e, const Bindings& bindings) {
  for (const Term& t : e.terms) {
    for (const Factor& f : t.factors) {
      const Atom& a = *f.atom;
      if (a.kind == AtomKind::Symbol
              ? bindings.count(a.name) > 0
              : mentionsBound(exprOf(a.lhs), bindings) || mentionsBound(exprOf(a.rhs), bindings))
        return true;
    }
  }
  return false;
}

template <class Bindings>
Dim substituteAtom(const AtomPtr& atom, const Bindings& bindings) {
  const Atom& a = *atom;
  switch (a.kind) {
    case AtomKind::Symbol: {
      auto it = bindings.find(a.name);
      return it == bindings.end() ? atomDim(atom) : Dim(boundValue(it->second));
    }
    case AtomKind::FloorDiv:
      return Dim::floorDiv(a.lhs.substitute(bindings), a.rhs.substitute(bindings));
    case AtomKind::Mod:
      return Dim::mod(a.lhs.substitute(bindings), a.rhs.substitute(bindings));
    case AtomKind::Min:
      return Dim::min(a.lhs.substitute(bindings), a.rhs.substitute(bindings));
    case AtomKind::Max:
      return Dim::max(a.lhs.substitute(bindings), a.rhs.substitute(bindings));
  }
  return Dim();
}

}  // namespace detail

using namespace detail;  // the representation, ir/DimExpr.h

// ---------------------------------------------------------------------------------------------
// Public API

Dim::Dim() = default;

Dim::Dim(std::shared_ptr<const detail::DimExpr> expr) : expr_(std::move(expr)) {}

Dim Dim::constant(int64_t value) {
  constexpr int64_t kCachedMin = -16, kCachedMax = 1024;
  static const std::vector<Dim> cache = [] {
    std::vector<Dim> dims;
    dims.reserve(kCachedMax - kCachedMin + 1);
    for (int64_t v = kCachedMin; v <= kCachedMax; ++v) dims.push_back(constantUncached(v));
    return dims;
  }();
  if (value >= kCachedMin && value <= kCachedMax) return cache[value - kCachedMin];
  return constantUncached(value);
}

Dim Dim::symbol(llvm::StringRef name) {
  auto atom = std::make_shared<Atom>();
  atom->kind = AtomKind::Symbol;
  atom->name = name.str();
  atom->range = {1, kPosInf};
  atom->hash = llvm::hash_combine(static_cast<int>(AtomKind::Symbol), name);
  return atomDim(std::move(atom));
}

Dim Dim::invalid(std::string reason) {
  auto e = std::make_shared<DimExpr>();
  e->invalid = true;
  e->reason = std::move(reason);
  e->hash = llvm::hash_combine(llvm::StringRef("invalid"), llvm::StringRef(e->reason));
  return Dim(std::move(e));
}

namespace {

/// The one expression behind Dim::none(); never read as a polynomial.
const std::shared_ptr<const DimExpr>& declaredNone() {
  static const std::shared_ptr<const DimExpr> none = [] {
    auto e = std::make_shared<DimExpr>();
    e->hash = 0x9e3779b97f4a7c15ull;  // the hash of unknown: none == unknown
    return std::shared_ptr<const DimExpr>(std::move(e));
  }();
  return none;
}

}  // namespace

Dim Dim::none() { return Dim(declaredNone()); }

bool Dim::isUnknown() const { return !expr_ || expr_ == declaredNone(); }

bool Dim::isDeclaredNone() const { return expr_ && expr_ == declaredNone(); }

bool Dim::isInvalid() const { return expr_ && expr_->invalid; }

std::optional<int64_t> Dim::constantValue() const {
  if (!isKnown()) return std::nullopt;
  const Terms& terms = expr_->terms;
  if (terms.empty()) return 0;
  if (terms.size() == 1 && terms[0].factors.empty()) return terms[0].coeff;
  return std::nullopt;
}

llvm::StringRef Dim::invalidReason() const {
  return isInvalid() ? llvm::StringRef(expr_->reason) : "";
}

Dim operator+(const Dim& a, const Dim& b) { return addOrSubtract(a, b, /*subtract=*/false); }

Dim operator-(const Dim& a, const Dim& b) { return addOrSubtract(a, b, /*subtract=*/true); }

Dim operator*(const Dim& a, const Dim& b) { return multiply(a, b); }

Dim Dim::operator-() const { return negate(*this); }

Dim Dim::floorDiv(const Dim& a, const Dim& b) { return divideOrMod(AtomKind::FloorDiv, a, b); }

Dim Dim::ceilDiv(const Dim& a, const Dim& b) {
  if (b.constantValue() == 0 && !a.isInvalid())
    return invalid("division by zero in cdiv(" + a.str() + ", " + b.str() + ")");
  if (std::optional<Dim> early = propagate(a, b)) return *early;
  return -floorDiv(-a, b);
}

Dim Dim::mod(const Dim& a, const Dim& b) { return divideOrMod(AtomKind::Mod, a, b); }

Dim Dim::min(const Dim& a, const Dim& b) { return minOrMax(AtomKind::Min, a, b); }

Dim Dim::max(const Dim& a, const Dim& b) { return minOrMax(AtomKind::Max, a, b); }

bool Dim::operator==(const Dim& other) const {
  if (expr_ == other.expr_) return true;
  if (isUnknown() || other.isUnknown()) return isUnknown() && other.isUnknown();
  if (expr_->invalid || other.expr_->invalid)
    return expr_->invalid && other.expr_->invalid && expr_->reason == other.expr_->reason;
  return sameExpr(*expr_, *other.expr_);
}

DimRelation Dim::relation(const Dim& a, const Dim& b) {
  if (!a.isKnown() || !b.isKnown()) return DimRelation::Unknown;
  if (a == b) return DimRelation::Equal;
  if (a.constantValue() && b.constantValue()) return DimRelation::Different;
  Dim diff = a - b;
  if (!diff.isKnown()) return DimRelation::Unknown;
  const Interval& r = diff.expr_->range;
  return r.lo > 0 || r.hi < 0 ? DimRelation::Different : DimRelation::Unknown;
}

bool Dim::isProvablyPositive() const { return isKnown() && expr_->range.lo > 0; }

bool Dim::isProvablyNegative() const { return isKnown() && expr_->range.hi < 0; }

bool Dim::isProvablyNonNegative() const { return isKnown() && expr_->range.lo >= 0; }

Dim Dim::substitute(const DimBindings& bindings) const { return substituteAll(*this, bindings); }

Dim Dim::substitute(const llvm::StringMap<Dim>& bindings) const { return substituteAll(*this, bindings); }

template <class Bindings>
Dim Dim::substituteAll(const Dim& dim, const Bindings& bindings) {
  if (!dim.isKnown() || !mentionsBound(*dim.expr_, bindings)) return dim;
  const auto& expr_ = dim.expr_;
  Dim result = constant(0);
  for (const Term& t : expr_->terms) {
    Dim term = constant(t.coeff);
    for (const Factor& f : t.factors) {
      Dim base = substituteAtom(f.atom, bindings);
      for (int i = 0; i < f.power; ++i) term = term * base;
    }
    result = result + term;
  }
  return result;
}

llvm::SmallVector<std::string, 2> Dim::symbols() const {
  std::vector<std::string> names;
  if (isKnown()) collectSymbols(*expr_, names);
  llvm::sort(names);
  names.erase(std::unique(names.begin(), names.end()), names.end());
  return llvm::SmallVector<std::string, 2>(names.begin(), names.end());
}

std::string Dim::str() const {
  if (isUnknown()) return "?";
  if (isInvalid()) return "<invalid: " + expr_->reason + ">";
  return exprText(*expr_);
}

size_t Dim::hash() const { return isUnknown() ? 0x9e3779b97f4a7c15ull : expr_->hash; }

}  // namespace graphlint
