// Scale benchmark: generates model specs of a given size and shape, then measures loading
// (YAML -> graph) and checking (passes + rules) separately, in CPU time, and the peak memory
// they add. One size per process, so peak memory belongs to that size (bench/scale/run.sh).
//
//   graphlint_scale_bench chain|wide NODES
//
// Prints: kind nodes spec_bytes startup_s load_s check_s added_peak_bytes errors

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include "frontends/yaml/SpecLoader.h"
#include "passes/Analysis.h"
#include "rules/Rule.h"
#include "bench/Measure.h"
#include "support/Allocator.h"

namespace {

using graphlint::bench::cpuSeconds;
using graphlint::bench::peakBytes;
using graphlint::bench::residentBytes;

/// A deep chain of residual blocks: Dense -> Dropout -> Add(skip), symbolic batch and width.
std::string chainSpec(long nodes) {
  std::string s = "model: chain\ninputs:\n  - {name: x, shape: [batch, seq, 64]}\nnodes:\n";
  std::string prev = "x";
  long count = 1;
  for (long i = 0; count + 3 <= nodes; ++i, count += 3) {
    std::string n = std::to_string(i);
    s += "  - {name: d" + n + ", layer: Dense, config: {units: 64, activation: relu}, inputs: [" + prev + "]}\n";
    s += "  - {name: r" + n + ", layer: Dropout, config: {rate: 0.1}}\n";
    s += "  - {name: a" + n + ", layer: Add, inputs: [" + prev + ", r" + n + "]}\n";
    prev = "a" + n;
  }
  return s + "outputs: [" + prev + "]\n";
}

/// A wide DAG: each stage fans one tensor out to 8 Dense branches of different widths,
/// joins them with Concatenate (a symbolic sum of widths) and projects back with Dense.
std::string wideSpec(long nodes) {
  std::string s = "model: wide\ninputs:\n  - {name: x, shape: [batch, n]}\nnodes:\n";
  std::string prev = "x";
  long count = 1;
  for (long stage = 0; count + 10 <= nodes; ++stage, count += 10) {
    std::string st = std::to_string(stage);
    std::string branches;
    for (int b = 0; b < 8; ++b) {
      std::string name = "s" + st + "b" + std::to_string(b);
      s += "  - {name: " + name + ", layer: Dense, config: {units: " + std::to_string(8 * (b + 1)) +
           "}, inputs: [" + prev + "]}\n";
      branches += (b ? ", " : "") + name;
    }
    s += "  - {name: s" + st + "cat, layer: Concatenate, inputs: [" + branches + "]}\n";
    s += "  - {name: s" + st + "out, layer: Dense, config: {units: 32}}\n";
    prev = "s" + st + "out";
  }
  return s + "outputs: [" + prev + "]\n";
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: %s chain|wide NODES\n", argv[0]);
    return 2;
  }
  graphlint::tuneAllocatorForOneShotRun();  // as the graphlint command does
  std::string kind = argv[1];
  long target = std::atol(argv[2]);
  std::string text = kind == "wide" ? wideSpec(target) : chainSpec(target);

  // The built-in catalogues are parsed once per process; keep that start-up cost out of the
  // per-node figures and report it on its own.
  double s0 = cpuSeconds();
  graphlint::LayerCatalogue::builtin();
  graphlint::OpCatalogue::builtin();
  double startup = cpuSeconds() - s0;

  long before = residentBytes();
  double t0 = cpuSeconds();
  graphlint::Result<graphlint::Graph> graph = graphlint::loadSpec(text, "bench.yaml");
  double t1 = cpuSeconds();
  if (!graph) {
    std::fprintf(stderr, "load failed: %s\n", graph.error().message.c_str());
    return 1;
  }
  graphlint::Analysis analysis = graphlint::analyze(*graph);
  std::vector<graphlint::Finding> findings = graphlint::runRules(analysis);
  double t2 = cpuSeconds();
  long peak = peakBytes();

  size_t nodes = graph->nodes.size();
  size_t errors = 0;
  for (const auto& f : findings) errors += f.severity == graphlint::Severity::Error;
  // kind nodes spec_bytes startup_s load_s check_s added_peak_bytes errors
  std::printf("%s %zu %zu %.6f %.6f %.6f %ld %zu\n", kind.c_str(), nodes, text.size(), startup, t1 - t0, t2 - t1,
              peak - before, errors);
  return errors == 0 ? 0 : 1;
}
