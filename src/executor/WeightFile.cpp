#include "executor/WeightFile.h"

#include <algorithm>
#include <optional>

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "executor/WeightNames.h"
#include "runtime/Npy.h"

namespace graphlint {
namespace {

using LayerTensors = std::vector<std::vector<HostTensor>>;

/// "a, b, c and 4 more".
std::string listSome(const std::vector<std::string>& items, size_t shown = 10, llvm::StringRef separator = ", ") {
  if (items.size() <= shown) return llvm::join(items, separator);
  std::vector<std::string> head(items.begin(), items.begin() + shown);
  return llvm::join(head, separator) + " and " + std::to_string(items.size() - shown) + " more";
}

std::string quoted(llvm::StringRef text) { return "'" + text.str() + "'"; }

std::string weightName(const ExpectedWeights& layer, size_t weight) {
  return layer.layer + "/" + layer.names[weight];
}

/// "kernel (64, 32), bias (32,)".
std::string describeLayer(const ExpectedWeights& layer) {
  std::vector<std::string> parts;
  for (size_t w = 0; w < layer.names.size(); ++w) parts.push_back(layer.names[w] + " " + formatShape(layer.shapes[w]));
  return parts.empty() ? "no weights" : llvm::join(parts, ", ");
}

std::vector<std::string> layersWithWeights(llvm::ArrayRef<ExpectedWeights> expected) {
  std::vector<std::string> names;
  for (const ExpectedWeights& layer : expected)
    if (!layer.names.empty()) names.push_back(layer.layer);
  return names;
}

/// The array as float32, converting float16 and float64; `what` names it for the error.
Result<HostTensor> toFloat32(HostTensor tensor, const std::string& what) {
  switch (tensor.elementType()) {
    case ElementType::Float32:
      return tensor;
    case ElementType::Float16:
    case ElementType::Float64: {
      Result<HostTensor> converted = HostTensor::zeros(ElementType::Float32, tensor.shape());
      if (!converted) return converted;
      llvm::MutableArrayRef<float> out = converted->data<float>();
      if (tensor.holds<Half>()) {
        llvm::ArrayRef<Half> in = tensor.data<Half>();
        for (size_t i = 0; i < in.size(); ++i) out[i] = halfToFloat(in[i].bits);
      } else {
        llvm::ArrayRef<double> in = tensor.data<double>();
        for (size_t i = 0; i < in.size(); ++i) out[i] = static_cast<float>(in[i]);
      }
      return converted;
    }
    default:
      return makeError(what + ": the file holds " + elementTypeName(tensor.elementType()).str() +
                       " values, expected a floating-point array (float16, float32 or float64)");
  }
}

/// Checks the array against the weight's shape and converts it to float32.
Result<HostTensor> acceptWeight(HostTensor tensor, const ExpectedWeights& layer, size_t weight, llvm::StringRef key,
                                llvm::StringRef source) {
  std::string what = weightName(layer, weight);
  if (key != what) what += " (" + quoted(key) + " in " + source.str() + ")";
  if (tensor.shape() != layer.shapes[weight])
    return makeError(what + ": file has " + formatShape(tensor.shape()) + ", the layer expects " +
                     formatShape(layer.shapes[weight]));
  return toFloat32(std::move(tensor), what);
}

/// `np.savez(path, *model.get_weights())`: arr_0, arr_1, ... in layer order.
Result<LayerTensors> matchByOrder(NamedTensors tensors, llvm::ArrayRef<ExpectedWeights> expected,
                                  llvm::StringRef source) {
  std::vector<std::pair<size_t, size_t>> order;  // (N, position in `tensors`)
  for (size_t i = 0; i < tensors.size(); ++i) {
    size_t index = 0;
    isNumberedKey(tensors[i].first, index);
    order.emplace_back(index, i);
  }
  std::sort(order.begin(), order.end());
  for (size_t i = 0; i < order.size(); ++i) {
    if (order[i].first == i) continue;
    std::string problem = order[i].first < i ? "array " + std::to_string(i - 1) + " appears twice"
                                             : "array " + std::to_string(i) + " is missing";
    return makeError(source.str() + " holds unnamed arrays, which must be numbered 0 to " +
                     std::to_string(order.size() - 1) + " without gaps; " + problem);
  }
  size_t total = 0;
  for (const ExpectedWeights& layer : expected) total += layer.names.size();
  if (tensors.size() != total) {
    std::vector<std::string> layers;
    for (const ExpectedWeights& layer : expected)
      if (!layer.names.empty()) layers.push_back(layer.layer + ": " + describeLayer(layer));
    return makeError(source.str() + " holds " + std::to_string(tensors.size()) +
                     " unnamed arrays, taken in order as the model's weights, but the model has " +
                     std::to_string(total) + " weights: " + listSome(layers, 20, "; "));
  }
  LayerTensors result(expected.size());
  size_t next = 0;
  for (size_t l = 0; l < expected.size(); ++l)
    for (size_t w = 0; w < expected[l].names.size(); ++w) {
      auto& [key, tensor] = tensors[order[next++].second];
      Result<HostTensor> accepted = acceptWeight(std::move(tensor), expected[l], w, key, source);
      if (!accepted) return accepted.error();
      result[l].push_back(std::move(*accepted));
    }
  return result;
}

Result<LayerTensors> matchByName(NamedTensors tensors, llvm::ArrayRef<ExpectedWeights> expected,
                                 llvm::StringRef source) {
  // For each weight, the key found for it (an index into `tensors`).
  std::vector<std::vector<std::optional<size_t>>> found(expected.size());
  for (size_t l = 0; l < expected.size(); ++l) found[l].resize(expected[l].names.size());
  std::vector<size_t> unmatched;
  for (size_t i = 0; i < tensors.size(); ++i) {
    const std::string& key = tensors[i].first;
    KeyMatch match = matchKey(key, expected);
    if (match.weights.size() > 1) {
      std::vector<std::string> fits;
      for (const WeightRef& ref : match.weights) fits.push_back(weightName(expected[ref.layer], ref.weight));
      return makeError("key " + quoted(key) + " in " + source.str() + " fits several weights equally: " +
                       listSome(fits) + "; rename it to one of these");
    }
    if (match.weights.empty()) {
      unmatched.push_back(i);
      continue;
    }
    std::optional<size_t>& slot = found[match.weights[0].layer][match.weights[0].weight];
    if (slot)
      return makeError("keys " + quoted(tensors[*slot].first) + " and " + quoted(key) + " in " + source.str() +
                       " both hold " + weightName(expected[match.weights[0].layer], match.weights[0].weight));
    slot = i;
  }

  std::vector<std::string> unmatchedKeys;
  for (size_t i : unmatched) unmatchedKeys.push_back(tensors[i].first);
  std::vector<std::string> missing, incompleteLayers;
  for (size_t l = 0; l < expected.size(); ++l) {
    bool incomplete = false;
    for (size_t w = 0; w < expected[l].names.size(); ++w)
      if (!found[l][w]) {
        missing.push_back(weightName(expected[l], w));
        incomplete = true;
      }
    if (incomplete) incompleteLayers.push_back("layer " + expected[l].layer + " expects " + describeLayer(expected[l]));
  }
  if (!missing.empty())
    return makeError(source.str() + " has no array for " + listSome(missing) + "; " + listSome(incompleteLayers, 3, "; ") +
                     "; " +
                     (unmatchedKeys.empty() ? "every key in the file holds another weight"
                                            : "keys matching no weight: " + listSome(unmatchedKeys)));
  if (!unmatched.empty()) {
    const std::string& key = tensors[unmatched[0]].first;
    KeyMatch match = matchKey(key, expected);
    if (!match.layers.empty()) {
      const ExpectedWeights& layer = expected[match.layers[0]];
      return makeError("unexpected key " + quoted(key) + " in " + source.str() + ": layer " + layer.layer +
                       " has no such weight; it expects " + describeLayer(layer));
    }
    std::vector<std::string> layers = layersWithWeights(expected);
    return makeError("unexpected key " + quoted(key) + " in " + source.str() + ": it names no layer of the model; " +
                     (layers.empty() ? "the model has no weights" : "the layers with weights are " + listSome(layers, 20)));
  }

  LayerTensors result(expected.size());
  for (size_t l = 0; l < expected.size(); ++l)
    for (size_t w = 0; w < expected[l].names.size(); ++w) {
      auto& [key, tensor] = tensors[*found[l][w]];
      Result<HostTensor> accepted = acceptWeight(std::move(tensor), expected[l], w, key, source);
      if (!accepted) return accepted.error();
      result[l].push_back(std::move(*accepted));
    }
  return result;
}

Result<std::string> readFile(llvm::StringRef path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> buffer =
      llvm::MemoryBuffer::getFile(path, /*IsText=*/false, /*RequiresNullTerminator=*/false);
  if (!buffer) return makeError("cannot read " + path.str() + ": " + buffer.getError().message());
  return (*buffer)->getBuffer().str();
}

Result<NamedTensors> readNpzFile(llvm::StringRef path) {
  Result<std::string> bytes = readFile(path);
  if (!bytes) return bytes.error();
  Result<NamedTensors> tensors = readNpz(*bytes);
  if (!tensors) return makeError(path.str() + ": " + tensors.error().message);
  return tensors;
}

}  // namespace

Result<NamedTensors> readNpyDirectory(llvm::StringRef directory) {
  std::vector<std::pair<std::string, std::string>> files;  // (key, path)
  std::error_code error;
  for (llvm::sys::fs::recursive_directory_iterator entry(directory, error), end; entry != end && !error;
       entry.increment(error)) {
    llvm::StringRef path = entry->path();
    if (!path.endswith(".npy") || entry->type() == llvm::sys::fs::file_type::directory_file) continue;
    llvm::StringRef relative = path.drop_front(directory.size());
    std::string key = llvm::sys::path::convert_to_slash(relative.drop_back(4));
    key = llvm::StringRef(key).ltrim('/').str();
    for (size_t at; (at = key.find("__")) != std::string::npos;) key.replace(at, 2, "/");
    files.emplace_back(std::move(key), path.str());
  }
  if (error) return makeError("cannot read the directory " + directory.str() + ": " + error.message());
  if (files.empty()) return makeError("the directory " + directory.str() + " holds no .npy files");
  std::sort(files.begin(), files.end());
  NamedTensors tensors;
  for (auto& [key, path] : files) {
    if (!tensors.empty() && tensors.back().first == key)
      return makeError("two files in " + directory.str() + " hold the key " + quoted(key) +
                       " (a subdirectory and `__` both stand for `/`)");
    Result<std::string> bytes = readFile(path);
    if (!bytes) return bytes.error();
    Result<HostTensor> tensor = readNpy(*bytes);
    if (!tensor) return makeError(path + ": " + tensor.error().message);
    tensors.emplace_back(std::move(key), std::move(*tensor));
  }
  return tensors;
}

Result<LayerTensors> matchWeights(NamedTensors tensors, llvm::ArrayRef<ExpectedWeights> expected,
                                  llvm::StringRef source) {
  for (const ExpectedWeights& layer : expected)
    if (layer.names.size() != layer.shapes.size())
      return makeError("internal error: layer " + layer.layer + " lists " + std::to_string(layer.names.size()) +
                       " weight names but " + std::to_string(layer.shapes.size()) + " shapes");
  size_t index = 0;
  bool numbered = !tensors.empty() && llvm::all_of(tensors, [&](const auto& named) {
    return isNumberedKey(named.first, index);
  });
  if (numbered) return matchByOrder(std::move(tensors), expected, source);
  return matchByName(std::move(tensors), expected, source);
}

Result<LayerTensors> loadWeights(llvm::StringRef path, llvm::ArrayRef<ExpectedWeights> expected) {
  Result<NamedTensors> tensors = llvm::sys::fs::is_directory(path) ? readNpyDirectory(path) : readNpzFile(path);
  if (!tensors) return tensors.error();
  return matchWeights(std::move(*tensors), expected, path);
}

}  // namespace graphlint
