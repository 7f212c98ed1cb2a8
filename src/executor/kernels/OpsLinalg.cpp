// Kernels of the contracting ops: matmul, batched with NumPy broadcasting of the leading
// axes. float32 goes through sgemm (OpenBLAS); other numeric types use a plain triple loop.

#include <type_traits>

#include "executor/Gemm.h"
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

}  // namespace

void registerOpLinalgKernels(KernelRegistry& registry) { registry.addOp("matmul", {matmul}); }

}  // namespace graphlint
