#pragma once
// `graphlint run`: check a model, bind its inputs, load or initialize its weights, execute
// it and write its outputs as .npy files, with a short summary.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "llvm/Support/raw_ostream.h"

#include "ir/Dim.h"

namespace graphlint {

struct RunRequest {
  std::string model;
  /// An .npz or a directory of .npy files; empty: initialize from `seed`.
  std::string weights;
  /// (input name, .npy path); an empty name stands for the model's only input.
  std::vector<std::pair<std::string, std::string>> inputs;
  /// Where to write `<output>.npy` files; empty: write nothing.
  std::string outputDir;
  DimBindings bindings;
  uint64_t seed = 0;
  /// Run a model with error findings anyway.
  bool force = false;
  /// Report the memory plan in detail.
  bool stats = false;
  int threads = 1;
  /// Run the model this many times and report the fastest and median time (benchmarks).
  int repeat = 1;
  /// Run every node as written, without the executor's fusions (to compare or time them).
  bool noFuse = false;
  std::optional<bool> color;
};

/// Exit status: 0 ran, 1 refused (error findings, without --force), 2 a file could not be
/// read or does not fit the model, or the model cannot run.
int runModelCommand(const RunRequest& request, llvm::raw_ostream& out, llvm::raw_ostream& err);

/// The file name (without `.npy`) of graph output `ref`: the node name with `/` as `.`, and
/// `.<i>` for output index i > 0.
std::string outputFileStem(llvm::StringRef nodeName, unsigned outputIndex);

}  // namespace graphlint
