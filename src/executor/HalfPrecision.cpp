// float16 steps computed in float32 (see HalfPrecision.h).

#include "executor/HalfPrecision.h"

#include <algorithm>

#include "runtime/Convert.h"

namespace graphlint {

Result<std::optional<HalfPrecisionStep>> HalfPrecisionStep::begin(std::vector<const HostTensor*>& inputs,
                                                                   std::vector<HostTensor>& outputs) {
  auto isHalf = [](const HostTensor& t) { return t.elementType() == ElementType::Float16; };
  bool anyHalf = std::any_of(inputs.begin(), inputs.end(), [&](const HostTensor* t) { return isHalf(*t); }) ||
                 std::any_of(outputs.begin(), outputs.end(), isHalf);
  if (!anyHalf) return std::optional<HalfPrecisionStep>();

  HalfPrecisionStep step;
  // Widened before any output is swapped: an in-place step's input 0 is output 0's buffer.
  for (const HostTensor*& input : inputs) {
    if (!isHalf(*input)) continue;
    Result<HostTensor> wide = HostTensor::zeros(ElementType::Float32, input->shape());
    if (!wide) return wide.error();
    convertElements(*input, *wide);
    step.wide_.push_back(std::move(*wide));
    input = &step.wide_.back();
  }
  for (HostTensor& output : outputs) {
    if (!isHalf(output)) {
      step.halfOutputs_.emplace_back();
      continue;
    }
    Result<HostTensor> wide = HostTensor::zeros(ElementType::Float32, output.shape());
    if (!wide) return wide.error();
    step.halfOutputs_.push_back(std::move(output));
    output = std::move(*wide);
  }
  return std::optional<HalfPrecisionStep>(std::move(step));
}

bool HalfPrecisionStep::writesHalf() const {
  return std::any_of(halfOutputs_.begin(), halfOutputs_.end(), [](const auto& out) { return out.has_value(); });
}

std::optional<Error> HalfPrecisionStep::autocast(std::vector<const HostTensor*>& tensors) {
  for (const HostTensor*& tensor : tensors) {
    if (tensor->elementType() != ElementType::Float32) continue;
    bool widenedHere = std::any_of(wide_.begin(), wide_.end(), [&](const HostTensor& t) { return &t == tensor; });
    if (widenedHere) continue;
    Result<HostTensor> half = HostTensor::zeros(ElementType::Float16, tensor->shape());
    if (!half) return half.error();
    convertElements(*tensor, *half);
    Result<HostTensor> rounded = HostTensor::zeros(ElementType::Float32, tensor->shape());
    if (!rounded) return rounded.error();
    convertElements(*half, *rounded);
    wide_.push_back(std::move(*rounded));
    tensor = &wide_.back();
  }
  return std::nullopt;
}

void HalfPrecisionStep::finish(std::vector<HostTensor>& outputs) {
  for (size_t i = 0; i < outputs.size() && i < halfOutputs_.size(); ++i) {
    if (!halfOutputs_[i]) continue;
    convertElements(outputs[i], *halfOutputs_[i]);
    outputs[i] = std::move(*halfOutputs_[i]);
  }
}

}  // namespace graphlint
