// Printing Dims as canonical Python-like text: `2*seq + 1`, `(h - 3)//2 + 1`, `cdiv(h, 2)`.

#include <optional>

#include "ir/DimExpr.h"

namespace graphlint {
namespace detail {
namespace {

constexpr size_t kMaxOperandText = 120;

std::string magnitudeText(int64_t v) {
  uint64_t mag = v < 0 ? uint64_t{0} - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  return std::to_string(mag);
}

// ---------------------------------------------------------------------------------------------
// Printing

bool isOperatorAtom(const Atom& a) {
  return a.kind == AtomKind::FloorDiv || a.kind == AtomKind::Mod;
}

/// Text that reads as one operand of a binary operator (a Python "primary").
bool readsAsPrimary(const DimExpr& e) {
  if (e.terms.empty()) return true;
  if (e.terms.size() == 1 && e.terms[0].factors.empty()) return e.terms[0].coeff > 0;
  const Atom* atom = soleAtom(e);
  return atom && !isOperatorAtom(*atom);
}

std::string atomText(const Atom& a) {
  switch (a.kind) {
    case AtomKind::Symbol:
      return a.name;
    case AtomKind::Min:
    case AtomKind::Max:
      return std::string(a.kind == AtomKind::Min ? "min(" : "max(") + exprText(exprOf(a.lhs)) +
             ", " + exprText(exprOf(a.rhs)) + ")";
    case AtomKind::FloorDiv:
    case AtomKind::Mod: {
      const DimExpr& num = exprOf(a.lhs);
      std::string numText = exprText(num);
      const Atom* numAtom = soleAtom(num);
      if (num.terms.size() > 1 || numText[0] == '-' || (numAtom && isOperatorAtom(*numAtom)))
        numText = "(" + numText + ")";
      const DimExpr& den = exprOf(a.rhs);
      std::string denText = exprText(den);
      if (!readsAsPrimary(den)) denText = "(" + denText + ")";
      return numText + (a.kind == AtomKind::FloorDiv ? "//" : " % ") + denText;
    }
  }
  return "";
}

/// `-(P // q)` with P's leading coefficient negative, which reads better as `cdiv(-P, q)`.
std::optional<std::string> asCeilDiv(const Term& t) {
  if (t.coeff >= 0 || t.degree != 1 || t.factors[0].power != 1) return std::nullopt;
  const Atom& a = *t.factors[0].atom;
  if (a.kind != AtomKind::FloorDiv) return std::nullopt;
  const Terms& numerator = exprOf(a.lhs).terms;
  if (numerator.empty() || numerator[0].coeff >= 0) return std::nullopt;
  Dim negated = -a.lhs;
  if (!negated.isKnown()) return std::nullopt;
  return "cdiv(" + negated.str() + ", " + a.rhs.str() + ")";
}

/// Appends one term; `first` selects a leading `-` over a ` - ` separator.
void appendTerm(const Term& t, bool first, std::string& out) {
  bool negative = t.coeff < 0;
  std::string magnitude = magnitudeText(t.coeff);
  std::string body;
  if (std::optional<std::string> ceil = asCeilDiv(t)) {
    negative = false;
    body = *ceil;
  } else if (!t.factors.empty()) {
    bool sole = magnitude == "1" && t.degree == 1 && !(negative && first);
    for (const Factor& f : t.factors) {
      std::string text = atomText(*f.atom);
      if (isOperatorAtom(*f.atom) && !sole) text = "(" + text + ")";
      for (int i = 0; i < f.power; ++i) body += (body.empty() ? "" : "*") + text;
    }
  }
  if (first) {
    if (negative) out += "-";
  } else {
    out += negative ? " - " : " + ";
  }
  if (body.empty()) {
    out += magnitude;
  } else {
    if (magnitude != "1") out += magnitude + "*";
    out += body;
  }
}

}  // namespace

std::string exprText(const DimExpr& e) {
  if (e.terms.empty()) return "0";
  std::string out;
  for (size_t i = 0; i < e.terms.size(); ++i) appendTerm(e.terms[i], i == 0, out);
  return out;
}

/// An operand inside an error message: parenthesized unless it is a primary, and shortened.
std::string operandText(const Dim& d) {
  std::string text = d.str();
  if (text.size() > kMaxOperandText) text = text.substr(0, kMaxOperandText - 3) + "...";
  if (d.isKnown() && !readsAsPrimary(exprOf(d))) text = "(" + text + ")";
  return text;
}

std::string binaryText(const Dim& a, llvm::StringRef op, const Dim& b) {
  return operandText(a) + " " + op.str() + " " + operandText(b);
}

}  // namespace detail
}  // namespace graphlint
