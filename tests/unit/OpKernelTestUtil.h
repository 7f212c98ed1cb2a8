#pragma once
// Helpers for op kernel tests: a model of one op node over declared inputs, run on given
// tensors, with typed views of its outputs.

#include "ExecutorTestUtil.h"

namespace graphlint::test {

template <class T>
HostTensor tensorOf(std::vector<int64_t> shape, std::vector<T> values) {
  Result<HostTensor> t = HostTensor::fromValues<T>(std::move(shape), values);
  if (!t) FAIL(t.error().message);
  return std::move(*t);
}

inline HostTensor int32s(std::vector<int64_t> shape, std::vector<int32_t> values) {
  return tensorOf<int32_t>(std::move(shape), values);
}
inline HostTensor int64s(std::vector<int64_t> shape, std::vector<int64_t> values) {
  return tensorOf<int64_t>(std::move(shape), values);
}

template <class T>
std::vector<T> elementsOf(const HostTensor& t) {
  REQUIRE(t.holds<T>());
  llvm::ArrayRef<T> data = t.data<T>();
  return std::vector<T>(data.begin(), data.end());  // not braced: vector<bool> would take two bools
}

/// A model with one op node `y` calling `op` with `args` (a YAML flow map) on `inputNames`;
/// `outputs` lists what the model returns (`y`, `"y:1"`, ...).
inline std::string oneOpSpec(const std::string& inputs, const std::string& op, const std::string& args,
                             const std::string& inputNames, const std::string& outputs = "y") {
  return "inputs: [" + inputs + "]\nnodes:\n  - {name: y, op: " + op + ", args: " + args + ", inputs: [" + inputNames +
         "]}\noutputs: [" + outputs + "]\n";
}

/// Runs the model and returns all its outputs; fails the test on an error.
inline std::vector<HostTensor> runOutputs(const std::string& spec, std::vector<HostTensor> inputs) {
  Result<RunResult> result = runSpec(spec, std::move(inputs));
  if (!result) FAIL("run failed: " << result.error().message);
  return std::move(result->outputs);
}

/// The error a run of the model must end with.
inline std::string runFailure(const std::string& spec, std::vector<HostTensor> inputs) {
  Result<RunResult> result = runSpec(spec, std::move(inputs));
  REQUIRE_FALSE(result);
  return result.error().message;
}

}  // namespace graphlint::test
