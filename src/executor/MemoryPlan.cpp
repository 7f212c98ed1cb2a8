// Liveness, best-fit buffer reuse and in-place hand-over for the executor's tensors.

#include "executor/MemoryPlan.h"

#include <algorithm>
#include <map>

namespace graphlint {

int64_t MemoryPlan::arenaBytes() const {
  int64_t sum = 0;
  for (int64_t b : bufferBytes) sum += b;
  return sum;
}

namespace {

/// Free buffers by capacity, for best-fit lookup.
class BufferPool {
 public:
  explicit BufferPool(std::vector<int64_t>& capacities) : capacities_(capacities) {}

  /// The smallest free buffer that holds `bytes`; else the largest free one, grown; else a new one.
  unsigned take(int64_t bytes) {
    auto fit = free_.lower_bound(bytes);
    if (fit == free_.end() && !free_.empty()) fit = std::prev(free_.end());
    if (fit == free_.end()) {
      capacities_.push_back(bytes);
      return static_cast<unsigned>(capacities_.size() - 1);
    }
    unsigned buffer = fit->second;
    free_.erase(fit);
    capacities_[buffer] = std::max(capacities_[buffer], bytes);
    return buffer;
  }
  void give(unsigned buffer) { free_.emplace(capacities_[buffer], buffer); }

 private:
  std::vector<int64_t>& capacities_;
  std::multimap<int64_t, unsigned> free_;
};

}  // namespace

MemoryPlan planMemory(const std::vector<PlanStep>& steps, const std::vector<int64_t>& tensorBytes,
                      const std::vector<bool>& kept) {
  MemoryPlan plan;
  plan.tensors.resize(tensorBytes.size());
  plan.releaseAfter.resize(steps.size());
  for (size_t t = 0; t < tensorBytes.size(); ++t) {
    plan.tensors[t].bytes = tensorBytes[t];
    plan.tensors[t].keep = t < kept.size() && kept[t];
    plan.totalBytes += tensorBytes[t];
  }
  for (size_t s = 0; s < steps.size(); ++s) {
    for (size_t t : steps[s].writes) plan.tensors[t].step = plan.tensors[t].lastUse = s;
    for (size_t t : steps[s].reads) plan.tensors[t].lastUse = std::max(plan.tensors[t].lastUse, s);
  }

  BufferPool pool(plan.bufferBytes);
  int64_t live = 0;
  for (size_t s = 0; s < steps.size(); ++s) {
    const PlanStep& step = steps[s];
    for (size_t w = 0; w < step.writes.size(); ++w) {
      PlannedTensor& out = plan.tensors[step.writes[w]];
      if (w == 0 && step.inPlace && !step.reads.empty()) {
        PlannedTensor& in = plan.tensors[step.reads[0]];
        bool readOnce = std::count(step.reads.begin(), step.reads.end(), step.reads[0]) == 1;
        if (!in.keep && in.lastUse == s && in.bytes == out.bytes && readOnce && !in.donated) {
          out.buffer = in.buffer;
          out.inPlace = true;
          in.donated = true;
          continue;
        }
      }
      out.buffer = pool.take(out.bytes);
      live += out.bytes;
    }
    plan.peakLiveBytes = std::max(plan.peakLiveBytes, live);
    // Everything read for the last time here, and everything written that nobody reads.
    std::vector<size_t> dying;
    for (size_t t : step.reads)
      if (plan.tensors[t].lastUse == s) dying.push_back(t);
    for (size_t t : step.writes)
      if (plan.tensors[t].lastUse == s) dying.push_back(t);
    std::sort(dying.begin(), dying.end());
    dying.erase(std::unique(dying.begin(), dying.end()), dying.end());
    for (size_t t : dying) {
      PlannedTensor& tensor = plan.tensors[t];
      if (tensor.keep) continue;
      plan.releaseAfter[s].push_back(t);
      if (tensor.donated) continue;  // its buffer now belongs to the output it became
      pool.give(tensor.buffer);
      live -= tensor.bytes;
    }
  }
  return plan;
}

}  // namespace graphlint
