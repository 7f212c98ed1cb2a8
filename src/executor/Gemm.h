#pragma once
// Matrix products for the kernels, in one place: Dense, convolutions (as im2col products),
// recurrent cells and attention all go through sgemm(). It calls OpenBLAS, whose kernels are
// chosen for the CPU at run time (Debian builds it with DYNAMIC_ARCH), so a portable build
// still runs at the machine's sgemm rate; see bench/RESULTS.md for the measurement.

#include <cstdint>

namespace graphlint {

/// Row-major C = alpha * op(A) * op(B) + beta * C, where op(A) is m x k and op(B) is k x n;
/// `lda`, `ldb` and `ldc` are row strides in elements. beta = 0 ignores C's old contents
/// (NaNs included).
void sgemm(bool transposeA, bool transposeB, int64_t m, int64_t n, int64_t k, float alpha, const float* a,
           int64_t lda, const float* b, int64_t ldb, float beta, float* c, int64_t ldc);

/// Threads the matrix products may use (OpenBLAS' pool); at least 1.
void setMathThreads(int threads);

}  // namespace graphlint
