// Eigen's matrix product behind EigenGemm.h; the heavy header stays in this one file, and the
// file compiles to stubs when the build has no Eigen (GRAPHLINT_BENCH_EIGEN undefined).

#include "bench/executor/EigenGemm.h"

#ifdef GRAPHLINT_BENCH_EIGEN
#include <Eigen/Core>
#endif

namespace graphlint::bench {

#ifdef GRAPHLINT_BENCH_EIGEN
using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

bool haveEigen() { return true; }

void eigenGemm(int64_t m, int64_t n, int64_t k, const float* a, const float* b, float* c) {
  Eigen::Map<const RowMajor> left(a, m, k);
  Eigen::Map<const RowMajor> right(b, k, n);
  Eigen::Map<RowMajor> product(c, m, n);
  product.noalias() = left * right;
}
#else
bool haveEigen() { return false; }

void eigenGemm(int64_t, int64_t, int64_t, const float*, const float*, float*) {}
#endif

}  // namespace graphlint::bench
