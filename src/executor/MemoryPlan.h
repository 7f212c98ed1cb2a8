#pragma once
// The executor's memory plan, a pass of its own run before any kernel (ggml-alloc style):
// every tensor a step produces gets a buffer; a tensor's buffer returns to the pool after
// its last use, model outputs are never returned, and an in-place kernel writes its output
// over its input when that input dies at the step and has the same size. Buffers are reused
// best-fit, so the arena is the plan's peak, not the sum of all activations.

#include <cstdint>
#include <cstddef>
#include <vector>

namespace graphlint {

/// One tensor produced by a step.
struct PlannedTensor {
  size_t step = 0;        // the step that produces it
  int64_t bytes = 0;
  /// The last step that reads it; equal to `step` when nothing does.
  size_t lastUse = 0;
  /// Model outputs live to the end.
  bool keep = false;
  /// The buffer it lives in.
  unsigned buffer = 0;
  /// Whether it took over the buffer of its step's first input (in-place kernel).
  bool inPlace = false;
  /// Whether an in-place output took over its buffer.
  bool donated = false;
};

/// What the planner needs to know of one step.
struct PlanStep {
  /// Tensors read, as indices into the tensor list (repeats allowed).
  std::vector<size_t> reads;
  /// Tensors written, as indices into the tensor list.
  std::vector<size_t> writes;
  /// The kernel may write writes[0] over reads[0].
  bool inPlace = false;
};

struct MemoryPlan {
  std::vector<PlannedTensor> tensors;
  /// Capacity of each buffer: the largest tensor it ever holds.
  std::vector<int64_t> bufferBytes;
  /// Per step, the tensors whose buffers go back to the pool after it.
  std::vector<std::vector<size_t>> releaseAfter;

  /// Sum of bufferBytes: the memory all activations take under the plan.
  int64_t arenaBytes() const;
  /// The most bytes of tensors alive at once (a lower bound for any plan).
  int64_t peakLiveBytes = 0;
  /// Every tensor's bytes added up, as if nothing were ever freed or reused.
  int64_t totalBytes = 0;
};

/// Plans buffers for `steps` run in order, producing tensors of `tensorBytes` (indexed as the
/// steps' reads and writes); `kept` marks the tensors that must survive (model outputs).
MemoryPlan planMemory(const std::vector<PlanStep>& steps, const std::vector<int64_t>& tensorBytes,
                      const std::vector<bool>& kept);

}  // namespace graphlint
