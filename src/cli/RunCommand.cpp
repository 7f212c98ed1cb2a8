// The run command: frontend -> checks -> input binding -> concrete analysis -> weights ->
// executor -> .npy files and a summary.

#include "cli/RunCommand.h"

#include <algorithm>
#include <cmath>
#include <sys/resource.h>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Format.h"
#include "llvm/Support/Path.h"

#include "cli/Driver.h"
#include "diagnostics/SourceFiles.h"
#include "emitters/TextEmitter.h"
#include "executor/Executor.h"
#include "executor/Initializers.h"
#include "executor/InputBinding.h"
#include "executor/Rng.h"
#include "executor/WeightFile.h"
#include "frontends/Frontend.h"
#include "rules/Rule.h"
#include "runtime/Convert.h"
#include "runtime/Npy.h"

namespace graphlint {
namespace {

int fail(llvm::raw_ostream& err, const std::string& message) {
  err << "graphlint: error: " << message << "\n";
  return kExitBadInput;
}

std::string megabytes(int64_t bytes) {
  char text[32];
  snprintf(text, sizeof text, "%.2f MB", static_cast<double>(bytes) / 1e6);
  return text;
}

/// Writes `bytes` to `path` through a temporary file renamed over it, so a failed write
/// never leaves a partial file.
std::optional<std::string> writeAtomically(const std::string& path, llvm::StringRef bytes) {
  std::string temporary = path + ".graphlint-tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream file(temporary, ec);
    if (ec) return "cannot write '" + path + "': " + ec.message();
    file << bytes;
    file.close();
    if (file.has_error()) {
      llvm::sys::fs::remove(temporary);
      return "cannot write '" + path + "': " + file.error().message();
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, path)) {
    llvm::sys::fs::remove(temporary);
    return "cannot write '" + path + "': " + ec.message();
  }
  return std::nullopt;
}

/// min, max and mean of a tensor's elements, for the summary.
std::string valueSummary(const HostTensor& t) {
  if (t.elementCount() == 0) return "empty";
  std::vector<float> v = toFloats(t);
  double lo = v[0], hi = v[0], sum = 0;
  for (float x : v) {
    lo = std::min<double>(lo, x);
    hi = std::max<double>(hi, x);
    sum += x;
  }
  char text[96];
  snprintf(text, sizeof text, "min %.6g  max %.6g  mean %.6g", lo, hi, sum / static_cast<double>(v.size()));
  return text;
}

/// The findings that stop a run, printed; returns how many errors there were.
size_t reportErrors(const std::vector<Finding>& findings, SourceFiles& sources, const RunRequest& request,
                    llvm::raw_ostream& err) {
  std::vector<Finding> errors;
  for (const Finding& f : findings)
    if (f.severity == Severity::Error) errors.push_back(f);
  if (!errors.empty()) emitText(err, errors, sources, request.color.value_or(err.has_colors()));
  return errors.size();
}

/// Each weight from its own stream, named by layer and weight, so adding a layer does not
/// change the others' values.
Result<ModelWeights> initializeWeights(const Graph& graph, const std::vector<NodeWeights>& layout, uint64_t seed) {
  ModelWeights weights{layout, {}};
  for (const NodeWeights& node : layout) {
    std::vector<HostTensor> tensors;
    for (size_t i = 0; i < node.specs.size(); ++i) {
      Rng rng = Rng::forStream(seed, graph.nodes[node.node].name + "/" + node.specs[i].name);
      Result<HostTensor> t = initializeWeight(node.specs[i].initializer, node.shapes[i], rng);
      if (!t) return makeError("weight '" + node.specs[i].name + "': " + t.error().message);
      tensors.push_back(std::move(*t));
    }
    weights.tensors.push_back(std::move(tensors));
  }
  return weights;
}

}  // namespace

std::string outputFileStem(llvm::StringRef nodeName, unsigned outputIndex) {
  std::string stem = nodeName.str();
  std::replace(stem.begin(), stem.end(), '/', '.');
  if (outputIndex > 0) stem += "." + std::to_string(outputIndex);
  return stem;
}

int runModelCommand(const RunRequest& request, llvm::raw_ostream& out, llvm::raw_ostream& err) {
  SourceFiles sources;
  Result<llvm::StringRef> text = sources.read(request.model);
  Result<Graph> loaded = text ? loadModel(request.model, *text) : Result<Graph>(text.error());
  if (!loaded) {
    const Error& e = loaded.error();
    std::string where = e.file.empty() ? request.model : e.file;
    if (e.loc.line) where += ":" + std::to_string(e.loc.line) + ":" + std::to_string(e.loc.column);
    return fail(err, where + ": " + e.message);
  }
  Graph& graph = *loaded;
  if (!graph.embeddedSource.empty()) sources.add(graph.file, graph.embeddedSource);

  // The model as written must pass the checks.
  {
    Analysis symbolic = analyze(graph, request.bindings);
    size_t errors = reportErrors(runRules(symbolic), sources, request, err);
    if (errors && !request.force) {
      err << "graphlint: not running " << request.model << ": " << errors << " error finding" << (errors == 1 ? "" : "s")
          << " (--force runs it anyway)\n";
      return kExitFindings;
    }
  }

  // Inputs: files by name, the rest seeded.
  std::vector<NodeId> inputIds = inputNodes(graph);
  llvm::StringMap<HostTensor> given;
  for (const auto& [name, path] : request.inputs) {
    std::string inputName = name;
    if (inputName.empty()) {
      if (inputIds.size() != 1)
        return fail(err, "--input " + path + " needs a NAME= prefix: the model has " + std::to_string(inputIds.size()) +
                             " inputs");
      inputName = graph.nodes[inputIds[0]].name;
    }
    Result<llvm::StringRef> bytes = sources.read(path);
    if (!bytes) return fail(err, bytes.error().message);  // it names the file
    Result<HostTensor> tensor = readNpy(*bytes);
    if (!tensor) return fail(err, path + ": " + tensor.error().message);
    if (given.count(inputName)) return fail(err, "input '" + inputName + "' is given twice");
    given.try_emplace(inputName, std::move(*tensor));
  }
  Result<BoundInputs> bound = bindInputs(graph, std::move(given), request.bindings, request.seed);
  if (!bound) return fail(err, bound.error().message);

  // The same checks with every shape a number: a size too small for a layer shows here.
  Analysis analysis = analyze(bound->graph, bound->bindings);
  {
    size_t errors = reportErrors(runRules(analysis), sources, request, err);
    if (errors && !request.force) {
      err << "graphlint: not running " << request.model << " with these input shapes: " << errors << " error finding"
          << (errors == 1 ? "" : "s") << "\n";
      return kExitFindings;
    }
  }

  Result<std::vector<NodeWeights>> layout = expectedWeights(analysis);
  if (!layout) return fail(err, layout.error().message);
  Result<ModelWeights> weights = makeError("");
  if (request.weights.empty()) {
    weights = initializeWeights(analysis.graph, *layout, request.seed);
  } else {
    std::vector<ExpectedWeights> expected;
    for (const NodeWeights& node : *layout) {
      ExpectedWeights e{analysis.graph.nodes[node.node].name, {}, node.shapes};
      for (const WeightSpec& spec : node.specs) e.names.push_back(spec.name);
      expected.push_back(std::move(e));
    }
    Result<std::vector<std::vector<HostTensor>>> tensors = loadWeights(request.weights, expected);
    if (tensors) weights = ModelWeights{*layout, std::move(*tensors)};
    else weights = tensors.error();  // it names the file
  }
  if (!weights) return fail(err, weights.error().message);

  // The output directory is made (or found unusable) before the model runs.
  if (!request.outputDir.empty()) {
    if (std::error_code ec = llvm::sys::fs::create_directories(request.outputDir))
      return fail(err, "cannot create the output directory '" + request.outputDir + "': " + ec.message());
    if (!llvm::sys::fs::is_directory(request.outputDir))
      return fail(err, "cannot write outputs into '" + request.outputDir + "': it is a file, not a directory");
  }

  ExecOptions options;
  options.kerasMajor = graph.kerasMajor;
  options.threads = request.threads;
  options.fuse = !request.noFuse;
  options.seed = request.seed;
  // Repeated runs (--repeat) time the executor alone, on copies of the same inputs.
  std::vector<double> seconds;
  for (int r = 1; r < request.repeat; ++r) {
    Result<RunResult> timed = runGraph(analysis, *weights, bound->tensors, options);
    if (!timed) return fail(err, request.model + ": " + timed.error().message);
    seconds.push_back(timed->stats.seconds);
  }
  Result<RunResult> result = runGraph(analysis, *weights, std::move(bound->tensors), options);
  if (!result) return fail(err, request.model + ": " + result.error().message);
  seconds.push_back(result->stats.seconds);
  std::sort(seconds.begin(), seconds.end());

  out << "graphlint: ran " << request.model << " in " << llvm::format("%.3f", result->stats.seconds * 1e3) << " ms ("
      << result->stats.steps << " steps, " << request.threads << " thread" << (request.threads == 1 ? "" : "s") << ")\n";
  if (request.repeat > 1)
    out << "  timing: " << request.repeat << " runs, fastest " << llvm::format("%.3f", seconds.front() * 1e3)
        << " ms, median " << llvm::format("%.3f", seconds[seconds.size() / 2] * 1e3) << " ms\n";
  for (const std::string& note : bound->notes) out << "  note: " << note << "\n";
  if (request.weights.empty() && !layout->empty())
    out << "  note: weights initialized from seed " << request.seed
        << " with the layers' initializers (Keras' distributions, not its random values)\n";
  for (size_t i = 0; i < graph.outputs.size(); ++i) {
    const TensorRef& ref = analysis.graph.outputs[i];
    const HostTensor& tensor = result->outputs[i];
    std::string stem = outputFileStem(ref.nodeName, ref.outputIndex);
    out << "  output " << ref.str() << ": " << tensor.describe() << "  " << valueSummary(tensor);
    if (!request.outputDir.empty()) {
      llvm::SmallString<256> path(request.outputDir);
      llvm::sys::path::append(path, stem + ".npy");
      if (std::optional<std::string> problem = writeAtomically(path.str().str(), writeNpy(tensor)))
        return fail(err, *problem);
      out << "  -> " << path;
    }
    out << "\n";
  }
  struct rusage usage {};
  getrusage(RUSAGE_SELF, &usage);
  out << "  memory: weights " << megabytes(result->stats.weightBytes) << ", activations "
      << megabytes(result->stats.arenaBytes) << " planned; process peak " << megabytes(usage.ru_maxrss * 1024) << "\n";
  if (request.stats)
    out << "  plan: " << megabytes(result->stats.arenaBytes) << " arena for "
        << megabytes(result->stats.totalActivationBytes) << " of activations in all (largest live set "
        << megabytes(result->stats.peakLiveBytes) << "); " << result->stats.inPlaceSteps << " of "
        << result->stats.steps << " steps in place; weights + arena "
        << megabytes(result->stats.weightBytes + result->stats.arenaBytes) << "\n";
  return kExitClean;
}

}  // namespace graphlint
