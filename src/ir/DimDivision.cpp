// Floor division, modulo, min and max of Dims: constant folding, exact division of
// polynomials, and the simplifications that keep `(2*s + 3)//2` as `s + 1`; whatever cannot
// be simplified becomes an irreducible atom.

#include <limits>
#include <vector>

#include "ir/DimExpr.h"

namespace graphlint {
namespace detail {

// ---------------------------------------------------------------------------------------------
// Division, modulo, min and max

bool provablyNonZero(const Dim& d) {
  const Interval& r = exprOf(d).range;
  return r.lo > 0 || r.hi < 0;
}

/// Whether monomial m divides monomial t; if so the quotient's factors go to `out`.
bool divideMonomial(const Term& t, const Term& m, Term& out) {
  if (m.degree > t.degree) return false;
  out.degree = t.degree - m.degree;
  size_t j = 0;
  for (const Factor& f : t.factors) {
    int power = f.power;
    if (j < m.factors.size() && compareAtom(*f.atom, *m.factors[j].atom) == 0) {
      power -= m.factors[j++].power;
      if (power < 0) return false;
    }
    if (power > 0) out.factors.push_back({f.atom, power});
  }
  return j == m.factors.size();
}

Dim fromTerms(Terms terms) {
  std::sort(terms.begin(), terms.end(),
            [](const Term& l, const Term& r) { return compareMonomial(l, r) < 0; });
  return finish(std::move(terms), [] { return std::string(); });
}

/// a == k * b for a constant k, if so.
std::optional<int64_t> constantMultiple(const DimExpr& a, const DimExpr& b) {
  if (a.terms.size() != b.terms.size() || b.terms.empty()) return std::nullopt;
  int64_t k = 0;
  for (size_t i = 0; i < a.terms.size(); ++i) {
    const Term& ta = a.terms[i];
    const Term& tb = b.terms[i];
    if (compareMonomial(ta, tb) != 0) return std::nullopt;
    if (tb.coeff == -1 && ta.coeff == std::numeric_limits<int64_t>::min()) return std::nullopt;
    if (ta.coeff % tb.coeff != 0) return std::nullopt;
    int64_t q = ta.coeff / tb.coeff;
    if (i > 0 && q != k) return std::nullopt;
    k = q;
  }
  return k;
}

/// floordiv(num, den) or mod(num, den) once no term of num is a multiple of den.
Dim irreducible(AtomKind kind, Dim num, Dim den) {
  // floor(n / d) == floor(-n / -d) and n % d == -(-n % -d): keep the divisor's lead positive.
  if (exprOf(den).terms[0].coeff < 0) {
    Dim negNum = negate(num), negDen = negate(den);
    if (negNum.isKnown() && negDen.isKnown()) {
      Dim atom = irreducible(kind, negNum, negDen);
      return kind == AtomKind::Mod ? negate(atom) : atom;
    }
  }
  const DimExpr& n = exprOf(num);
  // The remaining rules need a positive constant divisor.
  int64_t d = den.constantValue().value_or(0);
  if (d <= 0) return operatorAtom(kind, num, den);
  if (n.range.lo != kNegInf && n.range.hi != kPosInf) {
    if (kind == AtomKind::FloorDiv && floorDivInt(n.range.lo, d) == floorDivInt(n.range.hi, d))
      return Dim::constant(floorDivInt(n.range.lo, d));
    if (kind == AtomKind::Mod && n.range.lo >= 0 && n.range.hi < d) return num;
  }
  if (!n.terms.empty() && n.terms[0].coeff == 1 && n.terms[0].degree == 1) {
    const Atom& inner = *n.terms[0].factors[0].atom;
    int64_t innerDen = inner.kind == kind ? inner.rhs.constantValue().value_or(0) : 0;
    bool constRest = n.terms.size() == 1 || (n.terms.size() == 2 && n.terms[1].degree == 0);
    // (x // a + k) // d == (x + k*a) // (a*d) for positive a and d.
    int64_t product;
    if (kind == AtomKind::FloorDiv && innerDen > 0 && constRest &&
        !__builtin_mul_overflow(innerDen, d, &product)) {
      int64_t k = n.terms.size() == 2 ? n.terms[1].coeff : 0;
      Dim merged = inner.lhs + Dim::constant(k) * inner.rhs;
      if (merged.isKnown()) return Dim::floorDiv(merged, Dim::constant(product));
    }
    // (x % a) % d == x % d when d divides a.
    if (kind == AtomKind::Mod && innerDen > 0 && n.terms.size() == 1 && innerDen % d == 0)
      return Dim::mod(inner.lhs, den);
  }
  return operatorAtom(kind, num, den);
}

/// Floor division or modulo with a known, nonzero, non-unit divisor that is not both constant.
Dim divideSymbolic(AtomKind kind, const Dim& a, const Dim& b) {
  const DimExpr& num = exprOf(a);
  const DimExpr& den = exprOf(b);
  if (!provablyNonZero(b)) return irreducible(kind, a, b);
  if (den.terms.size() > 1) {
    std::optional<int64_t> k = constantMultiple(num, den);
    if (!k) return irreducible(kind, a, b);
    return kind == AtomKind::FloorDiv ? Dim::constant(*k) : Dim::constant(0);
  }
  // A monomial divisor c*M: terms that are multiples of it leave the division exactly.
  const Term& m = den.terms[0];
  Terms quotient, rest;
  for (const Term& t : num.terms) {
    Term q;
    bool divisible = divideMonomial(t, m, q) &&
                     !(m.coeff == -1 && t.coeff == std::numeric_limits<int64_t>::min()) &&
                     (m.coeff == -1 || t.coeff % m.coeff == 0);
    if (divisible) {
      q.coeff = t.coeff / m.coeff;
      quotient.push_back(std::move(q));
    } else {
      rest.push_back(t);
    }
  }
  Dim remainder;
  std::optional<int64_t> d = b.constantValue();
  if (rest.empty()) {
    remainder = Dim::constant(0);
  } else if (d && rest.size() == 1 && rest[0].degree == 0) {
    int64_t r = rest[0].coeff;
    remainder = Dim::constant(kind == AtomKind::FloorDiv ? floorDivInt(r, *d) : modInt(r, *d));
  } else {
    remainder = irreducible(kind, finish(std::move(rest), [] { return std::string(); }), b);
  }
  if (kind == AtomKind::Mod) return remainder;
  return fromTerms(std::move(quotient)) + remainder;
}

Dim divideOrMod(AtomKind kind, const Dim& a, const Dim& b) {
  bool isDiv = kind == AtomKind::FloorDiv;
  auto describe = [&] { return binaryText(a, isDiv ? "//" : "%", b); };
  std::optional<int64_t> ca = a.constantValue(), cb = b.constantValue();
  // A zero divisor is an error even when the dividend is unknown.
  if (cb == 0 && !a.isInvalid())
    return Dim::invalid((isDiv ? "division by zero in " : "modulo by zero in ") + describe());
  if (std::optional<Dim> early = propagate(a, b)) return *early;
  if (ca && cb) {
    if (isDiv && *ca == std::numeric_limits<int64_t>::min() && *cb == -1) return overflow(describe);
    return Dim::constant(isDiv ? floorDivInt(*ca, *cb) : modInt(*ca, *cb));
  }
  if (cb == 1 || cb == -1) {
    if (!isDiv) return Dim::constant(0);
    if (*cb == 1) return a;
    Dim negated = negate(a);
    return negated.isInvalid() ? overflow(describe) : negated;
  }
  return divideSymbolic(kind, a, b);
}

/// x >= y for every symbol value >= 1.
bool provablyAtLeast(const Dim& x, const Dim& y) {
  Dim diff = x - y;
  return diff.isKnown() && exprOf(diff).range.lo >= 0;
}

void flattenOperands(AtomKind kind, const Dim& d, std::vector<Dim>& out) {
  const Atom* atom = soleAtom(exprOf(d));
  if (atom && atom->kind == kind) {
    flattenOperands(kind, atom->lhs, out);
    flattenOperands(kind, atom->rhs, out);
  } else {
    out.push_back(d);
  }
}

/// min/max as a right-nested chain over the sorted operands that no other operand dominates,
/// so that the result does not depend on operand order or grouping.
Dim minOrMax(AtomKind kind, const Dim& a, const Dim& b) {
  if (std::optional<Dim> early = propagate(a, b)) return *early;
  bool isMax = kind == AtomKind::Max;
  std::optional<int64_t> ca = a.constantValue(), cb = b.constantValue();
  if (ca && cb) return Dim::constant(isMax ? std::max(*ca, *cb) : std::min(*ca, *cb));
  if (a == b) return a;
  std::vector<Dim> operands;
  flattenOperands(kind, a, operands);
  flattenOperands(kind, b, operands);
  auto less = [](const Dim& l, const Dim& r) { return compareExpr(exprOf(l), exprOf(r)) < 0; };
  std::sort(operands.begin(), operands.end(), less);
  operands.erase(std::unique(operands.begin(), operands.end()), operands.end());
  // For max, j dominates i when operand j >= operand i; for min when j <= i. Of operands that
  // dominate each other (equal values, different forms) the first stays.
  auto dominates = [&](size_t j, size_t i) {
    return isMax ? provablyAtLeast(operands[j], operands[i])
                 : provablyAtLeast(operands[i], operands[j]);
  };
  std::vector<Dim> kept;
  for (size_t i = 0; i < operands.size(); ++i) {
    bool dominated = false;
    for (size_t j = 0; j < operands.size() && !dominated; ++j)
      dominated = j != i && dominates(j, i) && (j < i || !dominates(i, j));
    if (!dominated) kept.push_back(operands[i]);
  }
  if (kept.empty()) kept.push_back(operands[0]);
  Dim result = kept.back();
  for (size_t i = kept.size() - 1; i-- > 0 && result.isKnown();)
    result = operatorAtom(kind, kept[i], result);
  return result;
}

}  // namespace detail
}  // namespace graphlint
