#pragma once
// Eigen's single-precision matrix product for graphlint_gemm_bench, compared with sgemm(). Eigen
// is optional and never a dependency of graphlint: without it (CMake did not find Eigen3),
// haveEigen() is false and eigenGemm() does nothing.

#include <cstdint>

namespace graphlint::bench {

/// Whether this build has Eigen.
bool haveEigen();

/// Row-major C (m x n) = A (m x k) * B (k x n), by Eigen; contiguous rows.
void eigenGemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c);

}  // namespace graphlint::bench
