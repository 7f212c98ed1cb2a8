#pragma once
// float16 layers and ops, computed in float32: the kernels compute in float32, so a step
// whose tensors are float16 reads them widened (exactly: every float16 is a float32) and
// writes float32 results that are rounded to float16 (to nearest, ties to even) when it ends.
//
// A layer that computes in float16 (dtype float16 or mixed_float16) also rounds its float32
// inputs and weights to float16 first, as Keras' autocast does.
//
// This is what TensorFlow's CPU kernels do within most single ops (Eigen widens half to float
// for arithmetic), but Keras rounds after every op inside a layer (an LSTM's gates, a Dense's
// bias add), where this rounds once per layer: results can differ from Keras' in the last
// float16 bits.

#include <deque>
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
  /// Whether the step writes float16: a layer then computes in float16 (its dtype policy's
  /// compute dtype), and Keras casts its float inputs and reads its variables in float16.
  bool writesHalf() const;
  /// Rounds every float32 tensor of `tensors` not widened by begin() to float16 precision
  /// (into a copy, kept here): Keras' autocast of a float16 layer's inputs and weights.
  std::optional<Error> autocast(std::vector<const HostTensor*>& tensors);
  /// Rounds the float32 results into the float16 outputs and puts those back in `outputs`.
  void finish(std::vector<HostTensor>& outputs);

 private:
  /// Float32 tensors holding float16 values: widened inputs and autocast ones. A deque, so
  /// that pointers to its elements stay valid as it grows.
  std::deque<HostTensor> wide_;
  /// One per output: the float16 buffer it must end in, or nullopt for an output of another type.
  std::vector<std::optional<HostTensor>> halfOutputs_;
};

}  // namespace graphlint
