#pragma once
// A two-operand einsum on float32 data, as EinsumDense computes einsum(equation, input, kernel):
// both operands are transposed into (batch letters, free letters, contracted letters) order and
// multiplied with sgemm once per batch index, and the product is transposed into the output's
// order. Every equation of two operands where each output letter comes from an operand works;
// transposes are skipped when the letters already are in that order (`abc,cd->abd`).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "support/Result.h"

namespace graphlint {

/// One operand: its letters (an ellipsis already expanded) and its shape.
struct EinsumOperand {
  std::string letters;
  std::vector<int64_t> shape;
};

/// Computes out = einsum("a,b->out", a, b). `outShape` is the output's shape, checked against
/// the letters' sizes. Fails on a letter repeated within an operand, sizes that disagree, or an
/// output letter in neither operand; a letter only one operand has and the output lacks
/// (summed over alone) is refused as unsupported.
std::optional<Error> einsum(const EinsumOperand& a, const float* aData, const EinsumOperand& b, const float* bData,
                            const EinsumOperand& out, float* outData);

/// An equation `X,Y->Z` with "..." expanded into fresh capital letters for the dims of an input
/// of rank `inputRank` that the input's letters do not name (in the input and the output).
struct EinsumEquation {
  std::string input, weight, output;
};
Result<EinsumEquation> parseEinsumEquation(const std::string& text, size_t inputRank);

}  // namespace graphlint
