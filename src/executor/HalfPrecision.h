#pragma once
// float16 layers and ops, computed in float32: the kernels compute in float32, so a step
// whose tensors are float16 reads them widened (exactly: every float16 is a float32) and
// writes float32 results that are rounded to float16 (to nearest, ties to even) when it ends.
//
// This is what TensorFlow's CPU kernels do within most single ops (Eigen widens half to float
// for arithmetic), but Keras rounds after every op inside a layer (an LSTM's gates, a Dense's
// bias add), where this rounds once per layer: results can differ from Keras' in the last
// float16 bits, and are never further from the exact value.

#include <optional>
#include <vector>

#include "runtime/HostTensor.h"
#include "support/Result.h"

namespace graphlint {

class HalfPrecisionStep {
 public:
  /// When any of `inputs` or `outputs` is float16: points the float16 inputs at float32
  /// copies and swaps float16 outputs for float32 ones, keeping the float16 buffers for
  /// finish(). Nullopt when the step has no float16 tensor; an error when a float32 output
  /// cannot be allocated.
  static Result<std::optional<HalfPrecisionStep>> begin(std::vector<const HostTensor*>& inputs,
                                                        std::vector<HostTensor>& outputs);
  /// Rounds the float32 results into the float16 outputs and puts those back in `outputs`.
  void finish(std::vector<HostTensor>& outputs);

 private:
  std::vector<HostTensor> wideInputs_;
  /// One per output: the float16 buffer it must end in, or nullopt for an output of another type.
  std::vector<std::optional<HostTensor>> halfOutputs_;
};

}  // namespace graphlint
