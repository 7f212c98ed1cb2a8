// Matrix product benchmark (bench/executor/run.sh): the rate of graphlint's sgemm() (OpenBLAS,
// src/executor/Gemm.h) on a square 1024^3 product and on the products the executor benchmark's
// models make (the MLP's Dense layers, the CNN's convolutions as im2col products, the LSTM's
// input projection and recurrent step). It is the ceiling the executor's Dense, convolution and
// recurrent kernels are measured against. Built with Eigen (when CMake finds it; never a build
// dependency of graphlint) it also times Eigen's product compiled with the project's flags,
// on one thread: the reason sgemm() calls OpenBLAS.
//
//   graphlint_gemm_bench THREADS
//
// Prints one line per library and shape:
//   library threads shape m n k median_ms fastest_ms gflops cpu_per_wall

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "bench/Measure.h"
#include "bench/executor/EigenGemm.h"
#include "executor/Gemm.h"

namespace {

using graphlint::bench::cpuSeconds;

/// One product C (m x n) = A (m x k) * B (k x n), named after where the models make it.
struct Shape {
  const char* name;
  int64_t m, n, k;
};

const Shape kShapes[] = {
    {"square", 1024, 1024, 1024},
    {"mlp.hidden1", 256, 1024, 784},
    {"mlp.hidden2", 256, 1024, 1024},
    {"mlp.probabilities", 256, 10, 1024},
    {"cnn.conv1", 64 * 32 * 32, 32, 3 * 3 * 3},
    {"cnn.conv2", 64 * 16 * 16, 64, 3 * 3 * 32},
    {"cnn.conv3", 64 * 8 * 8, 128, 3 * 3 * 64},
    {"lstm.input", 64 * 200, 4 * 32, 64},
    {"lstm.step", 64, 4 * 32, 32},
};

double wallSeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

/// Times `product` for about a third of a second after a warm-up and prints its line.
void measure(const char* library, int threads, const Shape& s, const std::function<void()>& product) {
  double start = wallSeconds();
  product();
  product();
  double estimate = std::max((wallSeconds() - start) / 2, 1e-6);
  int runs = std::clamp(static_cast<int>(0.3 / estimate), 5, 2000);
  std::vector<double> seconds;
  double cpuStart = cpuSeconds(), wallStart = wallSeconds();
  for (int r = 0; r < runs; ++r) {
    double t = wallSeconds();
    product();
    seconds.push_back(wallSeconds() - t);
  }
  double cpu = cpuSeconds() - cpuStart, wall = wallSeconds() - wallStart;
  std::sort(seconds.begin(), seconds.end());
  double median = seconds[seconds.size() / 2];
  double flops = 2.0 * static_cast<double>(s.m) * static_cast<double>(s.n) * static_cast<double>(s.k);
  std::printf("%s %d %s %lld %lld %lld %.4f %.4f %.1f %.2f\n", library, threads, s.name, static_cast<long long>(s.m),
              static_cast<long long>(s.n), static_cast<long long>(s.k), median * 1e3, seconds.front() * 1e3,
              flops / median * 1e-9, cpu / wall);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2 || std::atoi(argv[1]) < 1) {
    std::fprintf(stderr, "usage: graphlint_gemm_bench THREADS\n");
    return 2;
  }
  int threads = std::atoi(argv[1]);
  graphlint::setMathThreads(threads);
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> uniform(-1.0f, 1.0f);
  for (const Shape& s : kShapes) {
    std::vector<float> a(static_cast<size_t>(s.m * s.k)), b(static_cast<size_t>(s.k * s.n)),
        c(static_cast<size_t>(s.m * s.n));
    for (float& x : a) x = uniform(rng);
    for (float& x : b) x = uniform(rng);
    measure("openblas", threads, s, [&] {
      graphlint::sgemm(false, false, s.m, s.n, s.k, 1.0f, a.data(), s.k, b.data(), s.n, 0.0f, c.data(), s.n);
    });
    // Eigen without OpenMP (the project builds without it) multiplies on one thread only.
    if (graphlint::bench::haveEigen() && threads == 1)
      measure("eigen", threads, s, [&] { graphlint::bench::eigenGemm(s.m, s.n, s.k, a.data(), b.data(), c.data()); });
  }
  return 0;
}
