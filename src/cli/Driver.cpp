#include "cli/Driver.h"

#include <optional>
#include <string>
#include <vector>

#include "llvm/Support/FileSystem.h"

#include "cli/RunCommand.h"
#include "diagnostics/SourceFiles.h"
#include "emitters/SpecEmitter.h"
#include "emitters/JsonEmitter.h"
#include "emitters/ShapesEmitter.h"
#include "emitters/TextEmitter.h"
#include "frontends/Frontend.h"
#include "passes/Analysis.h"
#include "rules/Rule.h"
#include "support/Suggest.h"

namespace graphlint {
namespace {

constexpr const char* kUsage = R"(graphlint: static checks for neural-network model graphs

usage:
  graphlint check [options] FILE...   report findings (exit 1 if any error)
  graphlint shapes [options] FILE     every node's output shapes, dtypes and parameters
  graphlint convert FILE [-o OUT]     write a model file (Keras JSON, .keras, TF.js) as a YAML spec
  graphlint run FILE [run options]    execute the model on inputs, write its outputs as .npy
  graphlint rules [RULE-ID]           list the rules, or show one rule's documentation
  graphlint --help | --version

options:
  --format text|json   output format (default text)
  --bind NAME=VALUE,.. give symbols sizes (e.g. batch=32,seq=200): every dim is evaluated,
                       and a size that breaks a layer's constraint is a shape error
  --cost               shapes: add activation memory and FLOPs (on by default with --bind)
  --color / --no-color force or disable colour (default: colour on a terminal)
  -o, --output OUT     convert: write the spec to OUT instead of standard output

run options:
  --weights FILE|DIR   weights: an .npz or a directory of .npy files, keyed by Keras weight
                       names (dense/kernel:0, dense/kernel, model/dense/kernel) or in
                       get_weights() order (arr_0, arr_1, ...); default: initialized from --seed
  --input NAME=FILE    an input as .npy (NAME may be left out for a one-input model);
                       inputs not given are generated from --seed
  --output-dir DIR     write DIR/<output layer>.npy for each model output
  --seed N             seed for generated inputs and initialized weights (default 0)
  --bind NAME=VALUE,.. sizes of symbolic dims of generated inputs (default batch 2, others 8)
  --threads N          threads for matrix products (default 1)
  --repeat N           run N times and report the fastest and median time
  --no-fuse            run one_hot and the matrix product after it as written, not as a
                       row gather (same numbers; to compare)
  --force              run even if the checks find errors
  --stats              report the memory plan

exit status: 0 no errors (run: ran), 1 error findings (run: refused), 2 unreadable input or bad
command line (run: also inputs or weights that do not fit the model, or a model that cannot run)
)";

enum class Format { Text, Json };

struct Options {
  std::string command;
  std::vector<std::string> files;
  Format format = Format::Text;
  std::optional<bool> color;
  DimBindings bindings;
  bool cost = false;
  std::string output;
  RunRequest run;
};

/// Parses `batch=32,seq=200` into `bindings`; a message on failure.
std::optional<std::string> parseBindings(llvm::StringRef text, DimBindings& bindings) {
  llvm::SmallVector<llvm::StringRef, 4> items;
  text.split(items, ',', /*MaxSplit=*/-1, /*KeepEmpty=*/false);
  if (items.empty()) return std::string("--bind needs NAME=VALUE, e.g. --bind batch=32,seq=200");
  for (llvm::StringRef item : items) {
    auto [name, value] = item.split('=');
    name = name.trim();
    value = value.trim();
    Result<Dim> symbol = parseDim(name);
    if (!item.contains('=') || name.empty() || !symbol || symbol->symbols().size() != 1 ||
        *symbol != Dim::symbol(name))
      return "--bind takes NAME=VALUE with NAME a symbol, got '" + item.str() + "'";
    int64_t number = 0;
    if (value.getAsInteger(10, number) || number < 1 || number > Dim::kMaxLiteral)
      return "--bind " + name.str() + " needs a whole number from 1 to 2^40 (symbols are sizes >= 1), got '" +
             value.str() + "'";
    bindings[name] = number;
  }
  return std::nullopt;
}

int usageError(llvm::raw_ostream& err, const std::string& message) {
  err << "graphlint: error: " << message << "\n(run 'graphlint --help' for usage)\n";
  return kExitBadInput;
}

/// A file that could not be read as a model becomes a finding, so both formats show it.
Finding loadFailure(llvm::StringRef file, const Error& error) {
  Finding f;
  f.rule = "invalid-input";
  f.severity = Severity::Error;
  f.message = error.message;
  f.file = error.file.empty() ? file.str() : error.file;
  f.loc = error.loc;
  return f;
}

/// Loads the one FILE of `shapes` or `convert`; on failure prints the finding to `err`.
std::optional<Graph> loadOrReport(const Options& options, SourceFiles& sources, llvm::raw_ostream& err) {
  const std::string& file = options.files.front();
  Result<llvm::StringRef> text = sources.read(file);
  Result<Graph> graph = text ? loadModel(file, *text) : Result<Graph>(text.error());
  if (!graph) {
    emitText(err, {loadFailure(file, graph.error())}, sources, options.color.value_or(err.has_colors()));
    return std::nullopt;
  }
  return std::move(*graph);
}

int runCheck(const Options& options, llvm::raw_ostream& out) {
  SourceFiles sources;
  std::vector<Finding> findings;
  std::vector<FileOutcome> outcomes;
  bool unreadable = false;
  for (const std::string& file : options.files) {
    FileOutcome outcome{file, true};
    Result<llvm::StringRef> text = sources.read(file);
    Result<Graph> graph = text ? loadModel(file, *text) : Result<Graph>(text.error());
    if (!graph) {
      outcome.loaded = false;
      unreadable = true;
      findings.push_back(loadFailure(file, graph.error()));
    } else {
      if (!graph->embeddedSource.empty()) sources.add(graph->file, graph->embeddedSource);
      Analysis analysis = analyze(*graph, options.bindings);
      std::vector<Finding> fileFindings = runRules(analysis);
      findings.insert(findings.end(), fileFindings.begin(), fileFindings.end());
    }
    outcomes.push_back(outcome);
  }
  size_t errors = 0, warnings = 0;
  for (const Finding& f : findings) {
    errors += f.severity == Severity::Error;
    warnings += f.severity == Severity::Warning;
  }
  if (options.format == Format::Json) {
    emitJson(out, outcomes, findings);
  } else {
    emitText(out, findings, sources, options.color.value_or(out.has_colors()));
    auto plural = [](size_t n, const char* word) { return std::to_string(n) + " " + word + (n == 1 ? "" : "s"); };
    out << "graphlint: " << plural(errors, "error") << ", " << plural(warnings, "warning") << " in "
        << plural(options.files.size(), "file") << "\n";
  }
  if (unreadable) return kExitBadInput;
  return errors ? kExitFindings : kExitClean;
}

int runShapes(const Options& options, llvm::raw_ostream& out, llvm::raw_ostream& err) {
  if (options.files.size() != 1) return usageError(err, "'shapes' takes exactly one FILE");
  SourceFiles sources;
  std::optional<Graph> graph = loadOrReport(options, sources, err);
  if (!graph) return kExitBadInput;
  Analysis analysis = analyze(*graph, options.bindings);
  if (options.format == Format::Json)
    emitShapesJson(out, analysis);
  else
    emitShapesText(out, analysis, options.cost || !options.bindings.empty());
  return kExitClean;
}

int runRulesCommand(const Options& options, llvm::raw_ostream& out, llvm::raw_ostream& err) {
  if (options.files.empty()) {
    size_t width = 0;
    for (const auto& rule : allRules()) width = std::max(width, rule->id().size());
    for (const auto& rule : allRules())
      out << rule->id() << std::string(width + 2 - rule->id().size(), ' ') << rule->summary() << "\n";
    return kExitClean;
  }
  int status = kExitClean;
  for (const std::string& id : options.files) {
    const Rule* rule = findRule(id);
    if (!rule) {
      std::vector<std::string> ids;
      for (const auto& r : allRules()) ids.push_back(r->id().str());
      status = usageError(err, "no rule '" + id + "'" + didYouMean(id, ids));
      continue;
    }
    out << "# " << rule->id() << "\n\n" << rule->summary() << "\n\n" << rule->doc() << "\n";
  }
  return status;
}

int runConvert(const Options& options, llvm::raw_ostream& out, llvm::raw_ostream& err) {
  if (options.files.size() != 1) return usageError(err, "'convert' takes exactly one FILE");
  SourceFiles sources;
  std::optional<Graph> graph = loadOrReport(options, sources, err);
  if (!graph) return kExitBadInput;
  if (options.output.empty()) {
    emitSpec(out, *graph);
    return kExitClean;
  }
  // Written beside the target and renamed over it, so a failed write never leaves half a file.
  std::string temporary = options.output + ".graphlint-tmp";
  {
    std::error_code ec;
    llvm::raw_fd_ostream file(temporary, ec);
    if (ec) return usageError(err, "cannot write '" + options.output + "': " + ec.message());
    emitSpec(file, *graph);
    file.close();
    if (file.has_error()) {
      llvm::sys::fs::remove(temporary);
      return usageError(err, "cannot write '" + options.output + "': " + file.error().message());
    }
  }
  if (std::error_code ec = llvm::sys::fs::rename(temporary, options.output)) {
    llvm::sys::fs::remove(temporary);
    return usageError(err, "cannot write '" + options.output + "': " + ec.message());
  }
  return kExitClean;
}

}  // namespace

int runCommandLine(llvm::ArrayRef<const char*> args, llvm::raw_ostream& out, llvm::raw_ostream& err) {
  Options options;
  for (size_t i = 0; i < args.size(); ++i) {
    llvm::StringRef arg = args[i];
    if (arg == "--help" || arg == "-h") {
      out << kUsage;
      return kExitClean;
    }
    if (arg == "--version") {
      out << "graphlint " << GRAPHLINT_VERSION << "\n";
      return kExitClean;
    }
    if (arg == "--format" || arg.startswith("--format=")) {
      llvm::StringRef value = arg.contains('=') ? arg.split('=').second : "";
      if (!arg.contains('=')) {
        if (i + 1 == args.size()) return usageError(err, "--format needs a value: text or json");
        value = args[++i];
      }
      if (value == "text") options.format = Format::Text;
      else if (value == "json") options.format = Format::Json;
      else return usageError(err, "unknown format '" + value.str() + "' (expected text or json)");
      continue;
    }
    if (arg == "--bind" || arg.startswith("--bind=")) {
      llvm::StringRef value = arg.contains('=') ? arg.split('=').second : "";
      if (!arg.contains('=')) {
        if (i + 1 == args.size()) return usageError(err, "--bind needs NAME=VALUE, e.g. --bind batch=32,seq=200");
        value = args[++i];
      }
      if (std::optional<std::string> problem = parseBindings(value, options.bindings)) return usageError(err, *problem);
      continue;
    }
    if (arg == "-o" || arg == "--output" || arg.startswith("--output=")) {
      if (arg.contains('=')) {
        options.output = arg.split('=').second.str();
      } else {
        if (i + 1 == args.size()) return usageError(err, arg.str() + " needs a file name");
        options.output = args[++i];
      }
      if (options.output.empty()) return usageError(err, "--output needs a file name");
      continue;
    }
    if (arg == "--weights" || arg == "--input" || arg == "--output-dir" || arg == "--seed" || arg == "--threads" ||
        arg == "--repeat" || arg.startswith("--weights=") || arg.startswith("--input=") ||
        arg.startswith("--output-dir=") || arg.startswith("--seed=") || arg.startswith("--threads=") ||
        arg.startswith("--repeat=")) {
      auto [flag, inlineValue] = arg.split('=');
      llvm::StringRef value = inlineValue;
      if (!arg.contains('=')) {
        if (i + 1 == args.size()) return usageError(err, flag.str() + " needs a value");
        value = args[++i];
      }
      if (flag == "--weights") {
        options.run.weights = value.str();
      } else if (flag == "--output-dir") {
        options.run.outputDir = value.str();
      } else if (flag == "--input") {
        // NAME=FILE, or FILE alone for a one-input model (a path may itself contain '=' only
        // after a NAME= prefix).
        auto [name, path] = value.split('=');
        if (path.empty() && !value.contains('=')) options.run.inputs.emplace_back("", value.str());
        else options.run.inputs.emplace_back(name.str(), path.str());
        if (options.run.inputs.back().second.empty()) return usageError(err, "--input needs NAME=FILE.npy");
      } else if (flag == "--seed") {
        if (value.getAsInteger(10, options.run.seed))
          return usageError(err, "--seed needs a whole number >= 0, got '" + value.str() + "'");
      } else if (flag == "--repeat") {
        if (value.getAsInteger(10, options.run.repeat) || options.run.repeat < 1 || options.run.repeat > 100000)
          return usageError(err, "--repeat needs a whole number from 1 to 100000, got '" + value.str() + "'");
      } else {
        if (value.getAsInteger(10, options.run.threads) || options.run.threads < 1 || options.run.threads > 256)
          return usageError(err, "--threads needs a whole number from 1 to 256, got '" + value.str() + "'");
      }
      if (value.empty()) return usageError(err, flag.str() + " needs a value");
      continue;
    }
    if (arg == "--force") { options.run.force = true; continue; }
    if (arg == "--stats") { options.run.stats = true; continue; }
    if (arg == "--no-fuse") { options.run.noFuse = true; continue; }
    if (arg == "--cost") { options.cost = true; continue; }
    if (arg == "--color") { options.color = true; continue; }
    if (arg == "--no-color") { options.color = false; continue; }
    if (arg.startswith("-") && arg != "-") return usageError(err, "unknown option '" + arg.str() + "'");
    if (options.command.empty()) options.command = arg.str();
    else options.files.push_back(arg.str());
  }
  if (options.command.empty()) {
    err << kUsage;
    return kExitBadInput;
  }
  if (options.command == "check") {
    if (options.files.empty()) return usageError(err, "'check' needs at least one FILE");
    return runCheck(options, out);
  }
  if (options.command == "shapes") return runShapes(options, out, err);
  if (options.command == "rules") return runRulesCommand(options, out, err);
  if (options.command == "convert") return runConvert(options, out, err);
  if (options.command == "run") {
    if (options.files.size() != 1) return usageError(err, "'run' takes exactly one FILE");
    options.run.model = options.files.front();
    options.run.bindings = options.bindings;
    options.run.color = options.color;
    return runModelCommand(options.run, out, err);
  }
  return usageError(err, "unknown command '" + options.command + "'" +
                             didYouMean(options.command, {"check", "shapes", "convert", "run", "rules"}));
}

}  // namespace graphlint
