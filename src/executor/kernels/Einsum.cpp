// Two-operand einsum through sgemm.

#include "executor/kernels/Einsum.h"

#include <cctype>
#include <map>

#include "executor/Gemm.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {
namespace {

bool has(const std::string& letters, char c) { return letters.find(c) != std::string::npos; }

/// The permutation that orders `letters` as `order` (both the same set).
std::vector<size_t> permutationTo(const std::string& letters, const std::string& order) {
  std::vector<size_t> perm;
  for (char c : order) perm.push_back(letters.find(c));
  return perm;
}

bool isIdentity(const std::vector<size_t>& perm) {
  for (size_t i = 0; i < perm.size(); ++i)
    if (perm[i] != i) return false;
  return true;
}

/// `data` (of `operand`) in the letter order `order`: the data itself when already so ordered,
/// else a transposed copy in `scratch`.
const float* ordered(const EinsumOperand& operand, const float* data, const std::string& order,
                     std::vector<float>& scratch) {
  std::vector<size_t> perm = permutationTo(operand.letters, order);
  if (isIdentity(perm)) return data;
  scratch.resize(static_cast<size_t>(productOf(operand.shape, 0, operand.shape.size())));
  transposeInto(reinterpret_cast<const uint8_t*>(data), operand.shape, perm, sizeof(float),
                reinterpret_cast<uint8_t*>(scratch.data()));
  return scratch.data();
}

}  // namespace

std::optional<Error> einsum(const EinsumOperand& a, const float* aData, const EinsumOperand& b, const float* bData,
                            const EinsumOperand& out, float* outData) {
  std::map<char, int64_t> sizes;
  for (const EinsumOperand* operand : {&a, &b}) {
    if (operand->letters.size() != operand->shape.size())
      return makeError("einsum operand '" + operand->letters + "' has " + std::to_string(operand->letters.size()) +
                       " letters for a rank-" + std::to_string(operand->shape.size()) + " tensor");
    for (size_t i = 0; i < operand->letters.size(); ++i) {
      char c = operand->letters[i];
      if (operand->letters.find(c) != i)
        return makeError("einsum operand '" + operand->letters + "' repeats the letter '" + std::string(1, c) + "'");
      auto [it, inserted] = sizes.emplace(c, operand->shape[i]);
      if (!inserted && it->second != operand->shape[i])
        return makeError("einsum letter '" + std::string(1, c) + "' has size " + std::to_string(it->second) +
                         " in one operand and " + std::to_string(operand->shape[i]) + " in the other");
    }
  }
  if (out.letters.size() != out.shape.size())
    return makeError("einsum output '" + out.letters + "' does not match the rank-" + std::to_string(out.shape.size()) +
                     " output");
  for (size_t i = 0; i < out.letters.size(); ++i) {
    char c = out.letters[i];
    auto it = sizes.find(c);
    if (it == sizes.end())
      return makeError("einsum output letter '" + std::string(1, c) + "' is in neither operand");
    if (it->second != out.shape[i])
      return makeError("einsum output letter '" + std::string(1, c) + "' has size " + std::to_string(out.shape[i]) +
                       ", the operands give " + std::to_string(it->second));
  }

  // batch: in all three; aFree / bFree: in one operand and the output; contracted: in both
  // operands, not the output.
  std::string batch, aFree, bFree, contracted;
  for (char c : out.letters) {
    if (has(a.letters, c) && has(b.letters, c)) batch += c;
    else if (has(a.letters, c)) aFree += c;
    else bFree += c;
  }
  for (const EinsumOperand* operand : {&a, &b})
    for (char c : operand->letters)
      if (!has(out.letters, c)) {
        if (!has(a.letters, c) || !has(b.letters, c))
          return makeError("einsum letter '" + std::string(1, c) + "' of '" + operand->letters +
                           "' is summed over within one operand, which is not supported");
        if (!has(contracted, c)) contracted += c;
      }
  auto sizeOf = [&](const std::string& letters) {
    int64_t n = 1;
    for (char c : letters) n *= sizes[c];
    return n;
  };
  int64_t batches = sizeOf(batch), m = sizeOf(aFree), n = sizeOf(bFree), k = sizeOf(contracted);

  std::vector<float> aScratch, bScratch, product;
  const float* am = ordered(a, aData, batch + aFree + contracted, aScratch);
  const float* bm = ordered(b, bData, batch + contracted + bFree, bScratch);
  std::string productLetters = batch + aFree + bFree;
  std::vector<size_t> toOut = permutationTo(productLetters, out.letters);
  bool direct = isIdentity(toOut);
  float* target = outData;
  if (!direct) {
    product.resize(static_cast<size_t>(batches * m * n));
    target = product.data();
  }
  for (int64_t i = 0; i < batches; ++i) {
    float* c = target + i * m * n;
    if (k == 0) {
      std::fill(c, c + m * n, 0.0f);
      continue;
    }
    sgemm(false, false, m, n, k, 1.0f, am + i * m * k, k, bm + i * k * n, n, 0.0f, c, n);
  }
  if (!direct) {
    std::vector<int64_t> productShape;
    for (char c : productLetters) productShape.push_back(sizes[c]);
    transposeInto(reinterpret_cast<const uint8_t*>(product.data()), productShape, toOut, sizeof(float),
                  reinterpret_cast<uint8_t*>(outData));
  }
  return std::nullopt;
}

Result<EinsumEquation> parseEinsumEquation(const std::string& text, size_t inputRank) {
  size_t arrow = text.find("->"), comma = text.find(',');
  if (arrow == std::string::npos || comma == std::string::npos || comma > arrow)
    return makeError("einsum equation '" + text + "' is not of the form X,Y->Z");
  EinsumEquation eq{text.substr(0, comma), text.substr(comma + 1, arrow - comma - 1), text.substr(arrow + 2)};
  if (eq.weight.find("...") != std::string::npos)
    return makeError("einsum equation '" + text + "' has an ellipsis in the kernel's letters");
  bool inInput = eq.input.find("...") != std::string::npos, inOutput = eq.output.find("...") != std::string::npos;
  if (inInput != inOutput) return makeError("einsum equation '" + text + "' has an ellipsis on one side only");
  if (inInput) {
    size_t named = eq.input.size() - 3;
    if (named > inputRank)
      return makeError("einsum equation '" + text + "' names " + std::to_string(named) + " dims of a rank-" +
                       std::to_string(inputRank) + " input");
    std::string fresh;
    for (char c = 'A'; fresh.size() < inputRank - named && c <= 'z'; ++c)
      if (std::isalpha(static_cast<unsigned char>(c)) && text.find(c) == std::string::npos) fresh += c;
    if (fresh.size() < inputRank - named)
      return makeError("einsum equation '" + text + "' leaves no letters for its ellipsis");
    eq.input.replace(eq.input.find("..."), 3, fresh);
    eq.output.replace(eq.output.find("..."), 3, fresh);
  }
  return eq;
}

}  // namespace graphlint
