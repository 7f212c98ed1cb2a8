// JSON reading benchmark: a generated Keras 2 functional-model config (`model.to_json()`) of N
// Dense layers, 20,000 by default (about 12 MB), read by one reader per process so neither
// inherits the other's heap (bench/json/run.sh runs them interleaved and takes medians):
//   dom    simdjson's DOM parser alone, from an already padded copy: the anchor, what
//          validating and indexing the bytes costs (the parser is reused across reads);
//   value  parseJson: the padded copy, the line table and the Value tree with positions.
// Times are CPU time of the parse alone (not generating the text, not freeing the result):
// "cold" the process's first read (what a graphlint run pays), "warm" its fifth.
//
//   graphlint_json_bench dom|value compact|indented [LAYERS]
//
// Prints: reader layout bytes cold_cpu_s warm_cpu_s added_peak_bytes

#include <sys/resource.h>

#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <string>

#include <simdjson.h>

#include "frontends/json/JsonValue.h"
#include "bench/Measure.h"
#include "support/Allocator.h"

namespace {

using graphlint::bench::cpuSeconds;
using graphlint::bench::peakBytes;
using graphlint::bench::residentBytes;

/// One Dense layer as Keras 2.13's `to_json` writes it (json.dumps' default separators).
std::string denseLayer(long i, const std::string& input) {
  std::string name = "dense_" + std::to_string(i);
  std::string regularizer = i % 4 == 0 ? R"({"module": "keras.regularizers", "class_name": "L2", )"
                                         R"("config": {"l2": 0.009999999776482582}, "registered_name": null})"
                                       : "null";
  return R"({"class_name": "Dense", "config": {"name": ")" + name +
         R"(", "trainable": true, "dtype": "float32", "units": )" + std::to_string(32 << (i % 3)) +
         R"(, "activation": ")" + (i % 2 ? "relu" : "linear") +
         R"(", "use_bias": true, "kernel_initializer": {"module": "keras.initializers", )"
         R"("class_name": "GlorotUniform", "config": {"seed": null}, "registered_name": null}, )"
         R"("bias_initializer": {"module": "keras.initializers", "class_name": "Zeros", "config": {}, )"
         R"("registered_name": null}, "kernel_regularizer": )" +
         regularizer +
         R"(, "bias_regularizer": null, "activity_regularizer": null, "kernel_constraint": null, )"
         R"("bias_constraint": null}, "name": ")" +
         name + R"(", "inbound_nodes": [[[")" + input + R"(", 0, 0, {}]]]})";
}

/// A chain of `layers` Dense layers after an input, as one line (Keras' default).
std::string kerasModel(long layers) {
  std::string s =
      R"({"class_name": "Functional", "config": {"name": "model", "trainable": true, "layers": [)"
      R"({"class_name": "InputLayer", "config": {"batch_input_shape": [null, 64], "dtype": "float32", )"
      R"("sparse": false, "ragged": false, "name": "input_1"}, "name": "input_1", "inbound_nodes": []})";
  std::string previous = "input_1";
  for (long i = 0; i < layers; ++i) {
    s += ", " + denseLayer(i, previous);
    previous = "dense_" + std::to_string(i);
  }
  return s + R"(], "input_layers": [["input_1", 0, 0]], "output_layers": [[")" + previous +
         R"(", 0, 0]]}, "keras_version": "2.13.1", "backend": "tensorflow"})";
}

/// The same document as `json.dumps(..., indent=2)` lays it out: one value per line.
std::string indented(const std::string& compact) {
  std::string out;
  out.reserve(compact.size() * 2);
  int depth = 0;
  bool inString = false;
  auto newline = [&] { out += '\n' + std::string(static_cast<size_t>(2 * depth), ' '); };
  for (size_t i = 0; i < compact.size(); ++i) {
    char c = compact[i];
    if (inString) {
      out += c;
      if (c == '\\') out += compact[++i];
      if (c == '"') inString = false;
      continue;
    }
    if (c == '"') inString = true;
    if ((c == '{' || c == '[') && (compact[i + 1] == '}' || compact[i + 1] == ']')) {
      out += c;
      out += compact[++i];
    } else if (c == '{' || c == '[') {
      out += c;
      ++depth;
      newline();
    } else if (c == '}' || c == ']') {
      --depth;
      newline();
      out += c;
    } else if (c == ',') {
      out += c;
      newline();
      ++i;  // the space after it
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s dom|value compact|indented [LAYERS]\n", argv[0]);
    return 2;
  }
  graphlint::tuneAllocatorForOneShotRun();  // as the graphlint command does
  std::string reader = argv[1];
  std::string layout = argv[2];
  long layers = argc > 3 ? std::atol(argv[3]) : 20000;
  std::string text = kerasModel(layers);
  if (layout == "indented") text = indented(text);

  // The first read pays for fresh memory pages, as a graphlint run does. Later reads reuse
  // the pages earlier ones freed; by the fifth the heap has stopped growing, and the time is
  // what the reader itself costs.
  constexpr int kReads = 5;
  long before = residentBytes();
  double cold = 0, warm = 0;
  long peak = 0;
  simdjson::padded_string padded(reader == "dom" ? text : std::string());
  simdjson::dom::parser parser;  // reused, as simdjson intends: warm reads allocate nothing
  for (int read = 0; read < kReads; ++read) {
    double* seconds = read == 0 ? &cold : &warm;
    if (reader == "dom") {
      simdjson::dom::element root;
      double t0 = cpuSeconds();
      simdjson::error_code error = parser.parse(padded).get(root);
      *seconds = cpuSeconds() - t0;
      if (error) {
        std::fprintf(stderr, "simdjson failed: %s\n", simdjson::error_message(error));
        return 1;
      }
    } else {
      double t0 = cpuSeconds();
      graphlint::Result<graphlint::ParsedJson> json = graphlint::parseJson(text);
      *seconds = cpuSeconds() - t0;
      if (!json) {
        std::fprintf(stderr, "parseJson failed: %s\n", json.error().message.c_str());
        return 1;
      }
      const graphlint::Value* parsedLayers = json->root.find("config")->find("layers");
      if (!parsedLayers || parsedLayers->items().size() != static_cast<size_t>(layers) + 1) {
        std::fprintf(stderr, "parseJson read the wrong number of layers\n");
        return 1;
      }
    }
    if (read == 0) peak = peakBytes() - before;
  }
  std::printf("%s %s %zu %.6f %.6f %ld\n", reader.c_str(), layout.c_str(), text.size(), cold, warm, peak);
  return 0;
}
