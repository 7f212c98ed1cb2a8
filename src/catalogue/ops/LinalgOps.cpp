// Shape families that contract tensors: matmul and einsum (conv is in ConvOps.cpp).

#include <cctype>
#include <map>

#include "catalogue/ShapeRules.h"
#include "catalogue/ops/OpFamilies.h"

namespace graphlint::ops {

Outputs matmul(const OpCall& call) {
  const TensorType& a = call.tensors[0];
  const TensorType& b = call.tensors[1];
  if (!a.hasRank() || !b.hasRank() || a.rank() < 2 || b.rank() < 2) return call.unknownOutput();
  const Dim& inner = (*a.dims)[a.rank() - 1];
  const Dim& other = (*b.dims)[b.rank() - 2];
  if (!mayBeEqual(inner, other, call.log, "the inner dims of " + call.entry.op))
    return makeError("cannot multiply " + a.shapeStr() + " by " + b.shapeStr() + ": inner dims differ (" +
                     inner.str() + " vs " + other.str() + ")");
  Dims batchA(a.dims->begin(), a.dims->end() - 2), batchB(b.dims->begin(), b.dims->end() - 2);
  Result<Dims> batch = broadcastShapes(batchA, batchB, "broadcast the batch dims of", call.log);
  if (!batch) return batch.error();
  Dims out = *batch;
  out.push_back((*a.dims)[a.rank() - 2]);
  out.push_back((*b.dims)[b.rank() - 1]);
  return OpCall::one(TensorType::of(call.dtype, std::move(out)));
}

// ---------------------------------------------------------------------------------------------
// einsum
// ---------------------------------------------------------------------------------------------

namespace {

/// One term of an einsum equation: labels before and after an optional `...`.
struct Term {
  std::string head, tail;
  bool ellipsis = false;
  size_t labels() const { return head.size() + tail.size(); }
};

std::optional<Term> parseTerm(llvm::StringRef text) {
  Term term;
  size_t dots = text.find("...");
  term.ellipsis = dots != llvm::StringRef::npos;
  llvm::StringRef head = dots == llvm::StringRef::npos ? text : text.take_front(dots);
  llvm::StringRef tail = dots == llvm::StringRef::npos ? llvm::StringRef() : text.drop_front(dots + 3);
  auto letters = [](llvm::StringRef s) {
    return llvm::all_of(s, [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
  };
  if (!letters(head) || !letters(tail)) return std::nullopt;
  term.head = head.str();
  term.tail = tail.str();
  return term;
}

/// What the operands say about each label: its size and how often it occurs.
struct Labels {
  std::map<char, Dim> size;
  std::map<char, size_t> count;
  std::map<char, size_t> firstOperand;
};

}  // namespace

Outputs einsum(const OpCall& call) {
  const Value* given = call.arg("subscripts");
  if (!given || !given->isString()) return call.unknownOutput();
  std::string text;
  for (char c : given->asString())
    if (!std::isspace(static_cast<unsigned char>(c))) text += c;
  std::string quoted = "\"" + given->asString().str() + "\"";
  auto fail = [&](const std::string& why) { return call.error("subscripts " + quoted + " " + why); };

  llvm::StringRef lhs = text, rhs;
  bool explicitOutput = llvm::StringRef(text).contains("->");
  if (explicitOutput) std::tie(lhs, rhs) = llvm::StringRef(text).split("->");
  if (rhs.contains("->")) return fail("have more than one '->'");
  llvm::SmallVector<llvm::StringRef, 4> termTexts;
  lhs.split(termTexts, ',');
  if (termTexts.size() != call.tensors.size())
    return fail("name " + std::to_string(termTexts.size()) + " operand(s), but einsum has " +
                std::to_string(call.tensors.size()) + " tensor(s)");

  Labels labels;
  std::optional<Dims> ellipsisDims = Dims{};  // nullopt: an elided part of unknown rank
  bool anyEllipsis = false;
  for (size_t i = 0; i < termTexts.size(); ++i) {
    std::optional<Term> term = parseTerm(termTexts[i]);
    if (!term) return fail("have an invalid term '" + termTexts[i].str() + "': only letters and one '...'");
    anyEllipsis |= term->ellipsis;
    const TensorType& t = call.tensors[i];
    std::string operand = "operand " + std::to_string(i) + " " + t.shapeStr();
    if (t.hasRank() && (term->ellipsis ? t.rank() < term->labels() : t.rank() != term->labels()))
      return fail("give " + operand + " " + (term->ellipsis ? "at least " : "") + std::to_string(term->labels()) +
                  " axes ('" + termTexts[i].str() + "'), but it has " + std::to_string(t.rank()));
    if (term->ellipsis) {
      if (!t.hasRank()) ellipsisDims.reset();
      else if (ellipsisDims) {
        Dims elided(t.dims->begin() + term->head.size(), t.dims->end() - term->tail.size());
        Result<Dims> merged = broadcastShapes(*ellipsisDims, elided, "broadcast the '...' dims of", call.log);
        if (!merged) return fail("cannot be computed: " + merged.error().message);
        ellipsisDims = std::move(*merged);
      }
    }
    auto record = [&](char label, const Dim& size) {
      ++labels.count[label];
      auto [it, fresh] = labels.size.try_emplace(label, size);
      if (fresh) { labels.firstOperand[label] = i; return std::optional<Error>(); }
      Dim& known = it->second;
      // Across operands a size-1 axis broadcasts, as in Keras' symbolic einsum and NumPy.
      bool across = labels.firstOperand[label] != i;
      if (across && size.constantValue() == 1) return std::optional<Error>();
      if (across && known.constantValue() == 1) { known = size; return std::optional<Error>(); }
      std::string reason = std::string("label '") + label + "' of einsum " + quoted;
      if (!mayBeEqual(known, size, call.log, reason))
        return std::optional<Error>(fail("give the label '" + std::string(1, label) + "' two sizes: " + known.str() +
                                         " and " + size.str() + " (in " + operand + ")"));
      if (known.isUnknown()) known = size;
      return std::optional<Error>();
    };
    size_t rank = t.hasRank() ? t.rank() : term->labels();
    for (size_t k = 0; k < term->head.size(); ++k)
      if (auto e = record(term->head[k], t.hasRank() ? (*t.dims)[k] : Dim::unknown())) return *e;
    for (size_t k = 0; k < term->tail.size(); ++k)
      if (auto e = record(term->tail[k], t.hasRank() ? (*t.dims)[rank - term->tail.size() + k] : Dim::unknown()))
        return *e;
  }

  Term output;
  if (explicitOutput) {
    std::optional<Term> parsed = parseTerm(rhs);
    if (!parsed) return fail("have an invalid output '" + rhs.str() + "': only letters and one '...'");
    output = *parsed;
    std::string all = output.head + output.tail;
    for (size_t k = 0; k < all.size(); ++k) {
      if (!labels.size.count(all[k])) return fail("name the output label '" + std::string(1, all[k]) + "', which no operand has");
      if (llvm::StringRef(all).find(all[k]) != k) return fail("repeat the output label '" + std::string(1, all[k]) + "'");
    }
  } else {
    // NumPy's implicit output: the elided dims, then the labels that occur once, sorted.
    output.ellipsis = anyEllipsis;
    for (const auto& [label, count] : labels.count)
      if (count == 1) output.tail += label;
  }
  if (output.ellipsis && !ellipsisDims) return call.unknownOutput();
  Dims dims;
  for (char label : output.head) dims.push_back(labels.size[label]);
  if (output.ellipsis) dims.append(ellipsisDims->begin(), ellipsisDims->end());
  for (char label : output.tail) dims.push_back(labels.size[label]);
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

}  // namespace graphlint::ops
