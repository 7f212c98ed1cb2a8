#pragma once
// Small helpers every kernel family uses: typed views of inputs and outputs, checks that fail
// with words instead of crashing, and strides of C-order shapes.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "executor/Kernel.h"
#include "runtime/Convert.h"

namespace graphlint {

/// Fails unless every input and output is float32: the element type the float kernels
/// compute in (Keras' default policy). Names the offending tensor.
std::optional<Error> requireFloat32(const KernelArgs& args);

inline const float* inputData(const KernelArgs& args, size_t i) { return args.inputs[i]->data<float>().data(); }
inline float* outputData(KernelArgs& args, size_t i) { return args.outputs[i].data<float>().data(); }
inline const float* weightData(const KernelArgs& args, size_t i) { return args.weights[i]->data<float>().data(); }

/// Fails unless the layer got `count` weights (the loader guarantees shapes; this guards the
/// kernel against a catalogue that lists a different number).
std::optional<Error> requireWeights(const KernelArgs& args, size_t count);

/// C-order strides (in elements) of `shape`.
std::vector<int64_t> stridesOf(const std::vector<int64_t>& shape);

/// Product of shape[begin, end).
int64_t productOf(const std::vector<int64_t>& shape, size_t begin, size_t end);

/// Strides (in elements) that read `operand` broadcast to `out`, NumPy style: shapes are
/// right-aligned and a dim of 1 (or a missing leading dim) gets stride 0.
std::vector<int64_t> broadcastStrides(const std::vector<int64_t>& operand, const std::vector<int64_t>& out);

/// Calls visit(outIndex, aIndex, bIndex) for every element of `out` in C order, with the
/// flat indices of two broadcast operands given by their broadcastStrides.
template <class Visit>
void forEachBroadcast(const std::vector<int64_t>& out, const std::vector<int64_t>& aStrides,
                      const std::vector<int64_t>& bStrides, Visit visit) {
  int64_t total = productOf(out, 0, out.size());
  if (total == 0) return;
  size_t rank = out.size();
  std::vector<int64_t> index(rank, 0);
  int64_t a = 0, b = 0;
  for (int64_t o = 0; o < total; ++o) {
    visit(o, a, b);
    for (size_t d = rank; d-- > 0;) {
      if (++index[d] < out[d]) {
        a += aStrides[d];
        b += bStrides[d];
        break;
      }
      a -= aStrides[d] * (out[d] - 1);
      b -= bStrides[d] * (out[d] - 1);
      index[d] = 0;
    }
  }
}

/// Writes `in` (C order, `shape`) transposed by `perm` into `out`: out axis i is in axis perm[i].
/// Works on any element size.
void transposeInto(const uint8_t* in, const std::vector<int64_t>& shape, const std::vector<size_t>& perm,
                   size_t elementSize, uint8_t* out);

/// Copies input 0's bytes to output 0 unless the executor already wrote the output over it:
/// the whole kernel of layers that are the identity at inference, or only move data.
void copyInputToOutput(KernelArgs& args);

}  // namespace graphlint
