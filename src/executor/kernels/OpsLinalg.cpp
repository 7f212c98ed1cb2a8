// Kernels of the contracting ops: matmul, batched with NumPy broadcasting of the leading
// axes, and einsum with everything keras.ops.einsum takes (any number of operands, repeated
// labels, '...', implicit outputs, size-1 axes broadcasting). float32 goes through sgemm
// (OpenBLAS); other numeric types use plain loops.

#include <algorithm>
#include <cctype>
#include <map>
#include <type_traits>
#include <utility>

#include "executor/Gemm.h"
#include "executor/kernels/Einsum.h"
#include "executor/kernels/Projection.h"
#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// One matrix product per output batch entry, reading the operands' (broadcast) batch entries.
template <class T>
void batchedProduct(const HostTensor& a, const HostTensor& b, HostTensor& out) {
  const std::vector<int64_t>& shape = out.shape();
  size_t rank = shape.size();
  int64_t m = shape[rank - 2], n = shape[rank - 1], k = a.shape()[a.rank() - 1];
  std::vector<int64_t> batch(shape.begin(), shape.end() - 2);
  std::vector<int64_t> batchA(a.shape().begin(), a.shape().end() - 2), batchB(b.shape().begin(), b.shape().end() - 2);
  const T* pa = a.data<T>().data();
  const T* pb = b.data<T>().data();
  T* po = out.data<T>().data();
  auto product = [&](const T* x, const T* y, T* z) {
    if constexpr (std::is_same_v<T, float>) {
      sgemm(false, false, m, n, k, 1.0f, x, k, y, n, 0.0f, z, n);
    } else {
      for (int64_t i = 0; i < m; ++i)
        for (int64_t j = 0; j < n; ++j) {
          if constexpr (std::is_integral_v<T>) {
            uint64_t sum = 0;  // wraps as NumPy's integer products do, without signed overflow
            for (int64_t p = 0; p < k; ++p)
              sum += static_cast<uint64_t>(static_cast<int64_t>(x[i * k + p])) * static_cast<uint64_t>(static_cast<int64_t>(y[p * n + j]));
            z[i * n + j] = static_cast<T>(sum);
          } else {
            T sum = 0;
            for (int64_t p = 0; p < k; ++p) sum += x[i * k + p] * y[p * n + j];
            z[i * n + j] = sum;
          }
        }
    }
  };
  // b shared by every batch entry and a contiguous: one product with the batch folded into the rows.
  if (batchB.empty() || productOf(batchB, 0, batchB.size()) == 1) {
    if (batchA == batch) {
      int64_t rows = productOf(batch, 0, batch.size()) * m;
      if constexpr (std::is_same_v<T, float>) {
        sgemm(false, false, rows, n, k, 1.0f, pa, k, pb, n, 0.0f, po, n);
        return;
      }
    }
  }
  if (batch.empty()) batch.push_back(1), batchA.push_back(1), batchB.push_back(1);
  std::vector<int64_t> stridesA = broadcastStrides(batchA, batch), stridesB = broadcastStrides(batchB, batch);
  forEachBroadcast(batch, stridesA, stridesB, [&](int64_t o, int64_t i, int64_t j) {
    product(pa + i * m * k, pb + j * k * n, po + o * m * n);
  });
}

std::optional<Error> matmul(KernelArgs& args) {
  if (args.inputs.size() != 2) return makeError("matmul needs two tensors");
  HostTensor& out = args.outputs[0];
  if (args.oneHotDepth) {  // x1 is one_hot(ids) the executor did not build: a row gather of x2
    const HostTensor& w = *args.inputs[1];
    if (w.rank() != 2 || w.elementType() != ElementType::Float32 || out.elementType() != ElementType::Float32)
      return makeError("the one_hot product needs a float32 matrix, got " + w.describe());
    int64_t width = w.shape()[1];
    return projectRows(*args.inputs[0], args.oneHotDepth, w.data<float>().data(),
                       width == 0 ? 0 : out.elementCount() / width, w.shape()[0], width, out.data<float>().data());
  }
  if (args.inputs[0]->rank() < 2 || args.inputs[1]->rank() < 2 || out.rank() < 2)
    return makeError("matmul of " + args.inputs[0]->describe() + " and " + args.inputs[1]->describe() +
                     ": vectors (rank 1) are not supported, reshape them to matrices");
  if (args.inputs[0]->shape().back() != args.inputs[1]->shape()[args.inputs[1]->rank() - 2])
    return makeError("cannot multiply " + args.inputs[0]->describe() + " by " + args.inputs[1]->describe() + ": inner dims differ");
  ElementType compute = out.elementType();
  Result<TypedInput> a = TypedInput::of(*args.inputs[0], compute);
  if (!a) return a.error();
  Result<TypedInput> b = TypedInput::of(*args.inputs[1], compute);
  if (!b) return b.error();
  return withNumericType(compute, [&](auto tag) -> std::optional<Error> {
    batchedProduct<typename decltype(tag)::type>(**a, **b, out);
    return std::nullopt;
  });
}

// ---------------------------------------------------------------------------------------------
// einsum
// ---------------------------------------------------------------------------------------------

/// An einsum equation resolved against its operands' shapes: every axis gets a label number
/// (letters first, then one per '...' dim, right-aligned across operands as NumPy broadcasts
/// them), and every label its size.
struct EinsumPlan {
  std::vector<std::vector<int>> operands;  // per operand, the label of each axis
  std::vector<int> output;
  std::vector<int64_t> sizes;              // per label
};

/// One einsum term split at its '...': the letters before and after it.
struct EinsumTerm {
  std::string head, tail;
  bool ellipsis = false;
};

Result<EinsumTerm> parseEinsumTerm(const std::string& text, const std::string& equation) {
  EinsumTerm term;
  size_t dots = text.find("...");
  term.ellipsis = dots != std::string::npos;
  term.head = term.ellipsis ? text.substr(0, dots) : text;
  term.tail = term.ellipsis ? text.substr(dots + 3) : "";
  for (char c : term.head + term.tail)
    if (!std::isalpha(static_cast<unsigned char>(c)))
      return makeError("einsum subscripts \"" + equation + "\" have '" + text + "', which is not letters and one '...'");
  return term;
}

Result<EinsumPlan> planEinsum(const std::string& given, const std::vector<std::vector<int64_t>>& shapes) {
  std::string text;
  for (char c : given)
    if (!std::isspace(static_cast<unsigned char>(c))) text += c;
  size_t arrow = text.find("->");
  std::string lhs = text.substr(0, arrow);
  std::vector<EinsumTerm> terms;
  for (size_t start = 0;;) {
    size_t comma = lhs.find(',', start);
    Result<EinsumTerm> term = parseEinsumTerm(lhs.substr(start, comma - start), given);
    if (!term) return term.error();
    terms.push_back(std::move(*term));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  if (terms.size() != shapes.size())
    return makeError("einsum subscripts \"" + given + "\" name " + std::to_string(terms.size()) + " operands, but it has " +
                     std::to_string(shapes.size()));
  // Letters are labels 0-51 by first appearance; '...' dims follow.
  std::map<char, int> letters;
  std::map<char, int> occurrences;
  size_t ellipsisRank = 0;
  for (size_t k = 0; k < terms.size(); ++k) {
    const EinsumTerm& t = terms[k];
    for (char c : t.head + t.tail) {
      letters.emplace(c, static_cast<int>(letters.size()));
      ++occurrences[c];
    }
    size_t named = t.head.size() + t.tail.size();
    if (t.ellipsis ? shapes[k].size() < named : shapes[k].size() != named)
      return makeError("einsum subscripts \"" + given + "\" give operand " + std::to_string(k) + " " +
                       std::to_string(named) + " labels, but it has rank " + std::to_string(shapes[k].size()));
    if (t.ellipsis) ellipsisRank = std::max(ellipsisRank, shapes[k].size() - named);
  }
  int firstEllipsis = static_cast<int>(letters.size());
  std::vector<int> ellipsisLabels;
  for (size_t i = 0; i < ellipsisRank; ++i) ellipsisLabels.push_back(firstEllipsis + static_cast<int>(i));
  EinsumPlan plan;
  plan.sizes.assign(letters.size() + ellipsisRank, 1);
  std::vector<bool> sized(plan.sizes.size(), false);
  for (size_t k = 0; k < terms.size(); ++k) {
    const EinsumTerm& t = terms[k];
    std::vector<int> labels;
    for (char c : t.head) labels.push_back(letters[c]);
    size_t elided = shapes[k].size() - t.head.size() - t.tail.size();
    labels.insert(labels.end(), ellipsisLabels.end() - static_cast<std::ptrdiff_t>(elided), ellipsisLabels.end());
    for (char c : t.tail) labels.push_back(letters[c]);
    for (size_t a = 0; a < labels.size(); ++a) {
      int64_t n = shapes[k][a];
      int64_t& size = plan.sizes[static_cast<size_t>(labels[a])];
      if (n == 1 && sized[static_cast<size_t>(labels[a])]) continue;  // broadcasts
      if (sized[static_cast<size_t>(labels[a])] && size != 1 && size != n)
        return makeError("einsum subscripts \"" + given + "\" give one label the sizes " + std::to_string(size) + " and " +
                         std::to_string(n) + " (operand " + std::to_string(k) + ", axis " + std::to_string(a) + ")");
      size = n;
      sized[static_cast<size_t>(labels[a])] = true;
    }
    plan.operands.push_back(std::move(labels));
  }
  if (arrow == std::string::npos) {
    // NumPy's implicit output: the '...' dims, then the letters that occur once, in order.
    plan.output = ellipsisLabels;
    for (const auto& [c, count] : occurrences)
      if (count == 1) plan.output.push_back(letters[c]);
    return plan;
  }
  Result<EinsumTerm> out = parseEinsumTerm(text.substr(arrow + 2), given);
  if (!out) return out.error();
  for (char c : out->head) plan.output.push_back(letters.count(c) ? letters[c] : -1);
  if (out->ellipsis) plan.output.insert(plan.output.end(), ellipsisLabels.begin(), ellipsisLabels.end());
  for (char c : out->tail) plan.output.push_back(letters.count(c) ? letters[c] : -1);
  if (llvm::is_contained(plan.output, -1))
    return makeError("einsum subscripts \"" + given + "\" name an output label no operand has");
  return plan;
}

/// For each label, how far one step along it moves in an operand of `shape` whose axes carry
/// `labels`: a repeated label adds its axes' strides (a diagonal), a size-1 axis of a larger
/// label has none (it broadcasts).
std::vector<int64_t> labelStrides(const std::vector<int>& labels, const std::vector<int64_t>& shape,
                                  const std::vector<int64_t>& sizes) {
  std::vector<int64_t> strides(sizes.size(), 0), own = stridesOf(shape);
  for (size_t a = 0; a < labels.size(); ++a)
    if (shape[a] == sizes[static_cast<size_t>(labels[a])]) strides[static_cast<size_t>(labels[a])] += own[a];
  return strides;
}

/// The labels of `operands` that `output` lacks, each once: what einsum sums over.
std::vector<int> summedLabels(const std::vector<std::vector<int>>& operands, const std::vector<int>& output) {
  std::vector<int> summed;
  for (const std::vector<int>& labels : operands)
    for (int l : labels)
      if (!llvm::is_contained(output, l) && !llvm::is_contained(summed, l)) summed.push_back(l);
  return summed;
}

/// out[output labels] = the sum over the `summed` labels of the product of the operands, read
/// through their labelStrides. Float sums accumulate in double; integer ones wrap as NumPy's.
template <class T>
void einsumLoops(const std::vector<const T*>& data, const std::vector<std::vector<int64_t>>& strides,
                 const std::vector<int>& output, const std::vector<int>& summed, const std::vector<int64_t>& sizes,
                 T* out) {
  using Acc = std::conditional_t<std::is_floating_point_v<T>, double, uint64_t>;
  int64_t outCount = 1, sumCount = 1;
  for (int l : output) outCount *= sizes[static_cast<size_t>(l)];
  for (int l : summed) sumCount *= sizes[static_cast<size_t>(l)];
  size_t n = data.size();
  std::vector<int64_t> outIndex(output.size(), 0), sumIndex(summed.size(), 0), at(n);
  for (int64_t o = 0; o < outCount; ++o) {
    for (size_t k = 0; k < n; ++k) {
      at[k] = 0;
      for (size_t a = 0; a < output.size(); ++a) at[k] += outIndex[a] * strides[k][static_cast<size_t>(output[a])];
    }
    Acc acc = 0;
    for (int64_t s = 0; s < sumCount; ++s) {
      Acc term = 1;
      for (size_t k = 0; k < n; ++k) {
        if constexpr (std::is_floating_point_v<T>) term *= static_cast<Acc>(data[k][at[k]]);
        else term *= static_cast<Acc>(static_cast<int64_t>(data[k][at[k]]));
      }
      acc += term;
      for (size_t d = summed.size(); d-- > 0;) {
        size_t l = static_cast<size_t>(summed[d]);
        if (++sumIndex[d] < sizes[l]) {
          for (size_t k = 0; k < n; ++k) at[k] += strides[k][l];
          break;
        }
        for (size_t k = 0; k < n; ++k) at[k] -= strides[k][l] * (sizes[l] - 1);
        sumIndex[d] = 0;
      }
    }
    out[o] = static_cast<T>(acc);
    for (size_t d = output.size(); d-- > 0;) {
      if (++outIndex[d] < sizes[static_cast<size_t>(output[d])]) break;
      outIndex[d] = 0;
    }
  }
}

/// A float32 operand on its way through the pairwise products: its labels (each once) and data.
struct Factor {
  std::vector<int> labels;
  std::vector<int64_t> shape;
  const float* data = nullptr;
  std::vector<float> owned;
};

EinsumOperand asLetters(const std::vector<int>& labels, const std::vector<int64_t>& shape) {
  EinsumOperand operand;
  for (int l : labels) operand.letters += static_cast<char>(l + 1);  // any distinct bytes serve as letters
  operand.shape = shape;
  return operand;
}

/// float32 einsum as products through sgemm: each operand first loses its broadcast size-1
/// axes, takes its diagonals and sums the labels no other operand or the output has (only
/// when it needs to: 'bij,bjk->bik' and 'abc,cd->abd' use their inputs as they are); then the
/// operands are multiplied left to right, each product keeping the labels still needed.
std::optional<Error> einsumFloat(const EinsumPlan& plan, const std::vector<const HostTensor*>& operands, HostTensor& out) {
  size_t n = operands.size();
  std::vector<std::vector<int>> kept(n);
  for (size_t k = 0; k < n; ++k)
    for (size_t a = 0; a < plan.operands[k].size(); ++a) {
      int l = plan.operands[k][a];
      bool broadcast = operands[k]->shape()[a] != plan.sizes[static_cast<size_t>(l)];
      if (!broadcast && !llvm::is_contained(kept[k], l)) kept[k].push_back(l);
    }
  auto usedOutside = [&](int l, size_t self) {
    if (llvm::is_contained(plan.output, l)) return true;
    for (size_t j = 0; j < n; ++j)
      if (j != self && llvm::is_contained(kept[j], l)) return true;
    return false;
  };
  std::vector<Factor> factors(n);
  for (size_t k = 0; k < n; ++k) {
    Factor& f = factors[k];
    for (int l : kept[k])
      if (usedOutside(l, k)) f.labels.push_back(l);
    for (int l : f.labels) f.shape.push_back(plan.sizes[static_cast<size_t>(l)]);
    f.data = operands[k]->data<float>().data();
    if (f.labels == plan.operands[k]) continue;  // already in that form
    f.owned.resize(static_cast<size_t>(productOf(f.shape, 0, f.shape.size())));
    einsumLoops<float>({f.data}, {labelStrides(plan.operands[k], operands[k]->shape(), plan.sizes)}, f.labels,
                       summedLabels({kept[k]}, f.labels), plan.sizes, f.owned.data());  // broadcast axes: one value
    f.data = f.owned.data();
  }
  if (n == 1) {  // a transpose at most, left
    einsumLoops<float>({factors[0].data}, {labelStrides(factors[0].labels, factors[0].shape, plan.sizes)}, plan.output,
                       summedLabels({factors[0].labels}, plan.output), plan.sizes, out.data<float>().data());
    return std::nullopt;
  }
  Factor acc = std::move(factors[0]);  // a moved vector keeps its buffer, so `data` stays valid
  for (size_t k = 1; k < n; ++k) {
    const Factor& next = factors[k];
    bool last = k + 1 == n;
    Factor product;
    if (last) {
      product.labels = plan.output;
    } else {
      for (const std::vector<int>* labels : {&std::as_const(acc).labels, &next.labels})
        for (int l : *labels) {
          bool later = llvm::is_contained(plan.output, l);
          for (size_t j = k + 1; j < n; ++j) later = later || llvm::is_contained(factors[j].labels, l);
          if (later && !llvm::is_contained(product.labels, l)) product.labels.push_back(l);
        }
    }
    for (int l : product.labels) product.shape.push_back(plan.sizes[static_cast<size_t>(l)]);
    float* target = out.data<float>().data();
    if (!last) {
      product.owned.resize(static_cast<size_t>(productOf(product.shape, 0, product.shape.size())));
      target = product.owned.data();
    }
    if (auto e = einsum(asLetters(acc.labels, acc.shape), acc.data, asLetters(next.labels, next.shape), next.data,
                        asLetters(product.labels, product.shape), target))
      return e;
    product.data = target;
    acc = std::move(product);
  }
  return std::nullopt;
}

std::optional<Error> einsumOp(KernelArgs& args) {
  const Value* subscripts = opArg(args, "subscripts");
  if (!subscripts || !subscripts->isString()) return makeError("einsum needs its subscripts as a string");
  if (args.inputs.empty()) return makeError("einsum of no operands");
  HostTensor& out = args.outputs[0];
  std::vector<TypedInput> typed;
  std::vector<std::vector<int64_t>> shapes;
  for (const HostTensor* t : args.inputs) {
    Result<TypedInput> one = TypedInput::of(*t, out.elementType());
    if (!one) return one.error();
    shapes.push_back(t->shape());
    typed.push_back(std::move(*one));
  }
  Result<EinsumPlan> plan = planEinsum(subscripts->asString().str(), shapes);
  if (!plan) return plan.error();
  std::vector<int64_t> expected;
  for (int l : plan->output) expected.push_back(plan->sizes[static_cast<size_t>(l)]);
  if (expected != out.shape())
    return makeError("einsum \"" + subscripts->asString().str() + "\" gives " + formatShape(expected) + ", not the output " +
                     out.describe());
  std::vector<const HostTensor*> operands;
  for (const TypedInput& t : typed) operands.push_back(&*t);
  if (out.elementType() == ElementType::Float32) return einsumFloat(*plan, operands, out);
  return withNumericType(out.elementType(), [&](auto tag) -> std::optional<Error> {
    using T = typename decltype(tag)::type;
    std::vector<const T*> data;
    std::vector<std::vector<int64_t>> strides;
    for (size_t k = 0; k < operands.size(); ++k) {
      data.push_back(operands[k]->data<T>().data());
      strides.push_back(labelStrides(plan->operands[k], operands[k]->shape(), plan->sizes));
    }
    einsumLoops<T>(data, strides, plan->output, summedLabels(plan->operands, plan->output), plan->sizes,
                   out.data<T>().data());
    return std::nullopt;
  });
}

}  // namespace

void registerOpLinalgKernels(KernelRegistry& registry) {
  registry.addOp("matmul", {matmul, MaskRule::Drop, /*inPlace=*/false, /*readsOneHotIds=*/true});
  registry.addOp("einsum", {einsumOp});
}

}  // namespace graphlint
