#include <catch2/catch.hpp>

#include <string>
#include <utility>
#include <vector>

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include "ZipTestUtil.h"
#include "executor/WeightFile.h"
#include "runtime/Npy.h"

using namespace graphlint;

// Key spellings below are the ones each tool writes. TF.js names were printed by
// @tensorflow/tfjs 4.22 (`model.weights[i].name`) for auto-named Dense, LSTM and
// Bidirectional(LSTM) layers: `dense_Dense1/kernel`, `lstm_LSTM1/kernel`,
// `bidirectional_Bidirectional1/forward_lstm_LSTM2/kernel`.

namespace {

using Weights = std::vector<std::vector<HostTensor>>;

/// A float32 tensor of `shape` whose every element is `marker`, to see where it lands.
HostTensor marked(std::vector<int64_t> shape, float marker) {
  Result<HostTensor> tensor = HostTensor::zeros(ElementType::Float32, std::move(shape));
  for (float& x : tensor->data<float>()) x = marker;
  return std::move(*tensor);
}

float markerOf(const HostTensor& tensor) {
  REQUIRE(tensor.elementType() == ElementType::Float32);
  REQUIRE(tensor.elementCount() > 0);
  return tensor.data<float>()[0];
}

ExpectedWeights dense(std::string name, int64_t in, int64_t out) {
  return {std::move(name), {"kernel", "bias"}, {{in, out}, {out}}};
}

ExpectedWeights lstm(std::string name, int64_t in, int64_t units) {
  return {std::move(name),
          {"lstm_cell/kernel", "lstm_cell/recurrent_kernel", "lstm_cell/bias"},
          {{in, 4 * units}, {units, 4 * units}, {4 * units}}};
}

ExpectedWeights bidirectionalLstm(std::string name, int64_t in, int64_t units) {
  ExpectedWeights layer{std::move(name), {}, {}};
  for (const char* direction : {"forward_lstm", "backward_lstm"}) {
    std::string cell = std::string(direction) + "/lstm_cell/";
    layer.names.insert(layer.names.end(), {cell + "kernel", cell + "recurrent_kernel", cell + "bias"});
    layer.shapes.insert(layer.shapes.end(), {{in, 4 * units}, {units, 4 * units}, {4 * units}});
  }
  return layer;
}

/// A model: Dense(3 -> 4), LSTM(4 units), Bidirectional(LSTM(2 units)), Dense(4 -> 2).
std::vector<ExpectedWeights> model() {
  return {dense("dense", 3, 4), {"reshape", {}, {}}, lstm("lstm", 1, 4), bidirectionalLstm("bidirectional", 4, 2),
          dense("dense_1", 4, 2)};
}

/// The tensors of model() under the given keys (in model order), each marked with its
/// position, so that marker k means "the file's k-th weight".
NamedTensors modelFile(const std::vector<std::string>& keys) {
  std::vector<std::vector<int64_t>> shapes;
  for (const ExpectedWeights& layer : model()) shapes.insert(shapes.end(), layer.shapes.begin(), layer.shapes.end());
  REQUIRE(keys.size() == shapes.size());
  NamedTensors tensors;
  for (size_t i = 0; i < keys.size(); ++i) tensors.emplace_back(keys[i], marked(shapes[i], static_cast<float>(i)));
  return tensors;
}

/// Checks every weight of model() received the array marked with its position.
void checkModelOrder(const Weights& weights) {
  REQUIRE(weights.size() == model().size());
  float next = 0;
  for (size_t l = 0; l < weights.size(); ++l) {
    REQUIRE(weights[l].size() == model()[l].names.size());
    for (const HostTensor& tensor : weights[l]) {
      INFO("layer " << model()[l].layer);
      CHECK(markerOf(tensor) == next);
      CHECK(tensor.shape() == model()[l].shapes[&tensor - weights[l].data()]);
      ++next;
    }
  }
}

Weights matchOk(NamedTensors tensors, const std::vector<ExpectedWeights>& expected = model()) {
  Result<Weights> weights = matchWeights(std::move(tensors), expected, "w.npz");
  if (!weights) FAIL("match error: " << weights.error().message);
  return std::move(*weights);
}

std::string matchError(NamedTensors tensors, const std::vector<ExpectedWeights>& expected = model()) {
  Result<Weights> weights = matchWeights(std::move(tensors), expected, "w.npz");
  return weights ? "matched" : weights.error().message;
}

/// Shuffles a file so matching cannot lean on its order.
NamedTensors reversed(NamedTensors tensors) {
  std::reverse(tensors.begin(), tensors.end());
  return tensors;
}

}  // namespace

TEST_CASE("keras 2 names with :0, a model prefix or the h5 group twice", "[weights]") {
  std::vector<std::string> cells = {"kernel", "recurrent_kernel", "bias"};
  auto keys = [&](const std::string& prefix, const std::string& cell, const std::string& forward,
                  const std::string& backward) {
    std::vector<std::string> k = {prefix + "dense/kernel:0", prefix + "dense/bias:0"};
    for (const std::string& c : cells) k.push_back(prefix + "lstm/" + cell + "/" + c + ":0");
    for (const std::string& c : cells) k.push_back(prefix + "bidirectional/" + forward + "/" + cell + "_1/" + c + ":0");
    for (const std::string& c : cells) k.push_back(prefix + "bidirectional/" + backward + "/" + cell + "_2/" + c + ":0");
    k.insert(k.end(), {prefix + "dense_1/kernel:0", prefix + "dense_1/bias:0"});
    return k;
  };
  checkModelOrder(matchOk(reversed(modelFile(keys("", "lstm_cell", "forward_lstm", "backward_lstm")))));
  checkModelOrder(matchOk(reversed(modelFile(keys("model/", "lstm_cell", "forward_lstm", "backward_lstm")))));
  // Keras 2 numbers the inner layers too: forward_lstm_1 in a model with two Bidirectionals.
  checkModelOrder(matchOk(modelFile(keys("model_weights/", "lstm_cell_3", "forward_lstm_1", "backward_lstm_1"))));

  // The h5 layout: a group per layer holding the weight's full name.
  std::vector<std::string> h5 = {"dense/dense/kernel:0", "dense/dense/bias:0"};
  for (const std::string& c : cells) h5.push_back("lstm/lstm/lstm_cell/" + c + ":0");
  for (const std::string& c : cells) h5.push_back("bidirectional/bidirectional/forward_lstm/lstm_cell/" + c + ":0");
  for (const std::string& c : cells) h5.push_back("bidirectional/bidirectional/backward_lstm/lstm_cell/" + c + ":0");
  h5.insert(h5.end(), {"dense_1/dense_1/kernel:0", "dense_1/dense_1/bias:0"});
  checkModelOrder(matchOk(reversed(modelFile(h5))));
}

TEST_CASE("tf.js names: no cell in recurrent weights, class-suffixed layer names", "[weights]") {
  std::vector<ExpectedWeights> expected = {dense("dense_Dense1", 3, 4), {"reshape_Reshape1", {}, {}},
                                           lstm("lstm_LSTM1", 1, 4), bidirectionalLstm("bidirectional_Bidirectional1", 4, 2),
                                           dense("dense_Dense2", 4, 2)};
  std::vector<std::string> keys = {"dense_Dense1/kernel", "dense_Dense1/bias", "lstm_LSTM1/kernel",
                                   "lstm_LSTM1/recurrent_kernel", "lstm_LSTM1/bias"};
  for (const char* direction : {"forward", "backward"})
    for (const char* weight : {"kernel", "recurrent_kernel", "bias"})
      keys.push_back(std::string("bidirectional_Bidirectional1/") + direction + "_lstm_LSTM2/" + weight);
  keys.insert(keys.end(), {"dense_Dense2/kernel", "dense_Dense2/bias"});
  Weights weights = matchOk(reversed(modelFile(keys)), expected);
  // Marker k is the k-th key above: forward weights are 5..7, backward 8..10.
  CHECK(markerOf(weights[2][1]) == 3);
  CHECK(markerOf(weights[3][0]) == 5);
  CHECK(markerOf(weights[3][2]) == 7);
  CHECK(markerOf(weights[3][3]) == 8);
  CHECK(markerOf(weights[3][5]) == 10);

  // Named layers, as tf.layers.bidirectional({layer: tf.layers.lstm({name: 'lstm'})}) writes them.
  std::vector<std::string> named = {"dense/kernel", "dense/bias", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias"};
  for (const char* direction : {"forward", "backward"})
    for (const char* weight : {"kernel", "recurrent_kernel", "bias"})
      named.push_back(std::string("bidirectional/") + direction + "_lstm/" + weight);
  named.insert(named.end(), {"dense_1/kernel", "dense_1/bias"});
  checkModelOrder(matchOk(reversed(modelFile(named))));
}

TEST_CASE("keras 3 variable paths and .weights.h5 vars indices", "[weights]") {
  std::vector<std::string> cells = {"kernel", "recurrent_kernel", "bias"};
  std::vector<std::string> paths = {"sequential/dense/kernel", "sequential/dense/bias"};
  for (const std::string& c : cells) paths.push_back("sequential/lstm/lstm_cell/" + c);
  for (const std::string& c : cells) paths.push_back("sequential/bidirectional/forward_lstm/lstm_cell/" + c);
  for (const std::string& c : cells) paths.push_back("sequential/bidirectional/backward_lstm/lstm_cell/" + c);
  paths.insert(paths.end(), {"sequential/dense_1/kernel", "sequential/dense_1/bias"});
  checkModelOrder(matchOk(reversed(modelFile(paths))));

  std::vector<std::string> vars = {"layers/dense/vars/0", "layers/dense/vars/1"};
  for (int i = 0; i < 3; ++i) vars.push_back("layers/lstm/cell/vars/" + std::to_string(i));
  for (int i = 0; i < 3; ++i) vars.push_back("layers/bidirectional/forward_layer/cell/vars/" + std::to_string(i));
  for (int i = 0; i < 3; ++i) vars.push_back("layers/bidirectional/backward_layer/cell/vars/" + std::to_string(i));
  vars.insert(vars.end(), {"dense_1/vars/0", "dense_1/vars/1"});
  checkModelOrder(matchOk(reversed(modelFile(vars))));

  // Without the sublayer, vars/N counts the layer's weights in order.
  std::vector<std::string> flat = {"dense/vars/0", "dense/vars/1"};
  for (int i = 0; i < 3; ++i) flat.push_back("lstm/vars/" + std::to_string(i));
  for (int i = 0; i < 6; ++i) flat.push_back("bidirectional/vars/" + std::to_string(i));
  flat.insert(flat.end(), {"dense_1/vars/0", "dense_1/vars/1"});
  checkModelOrder(matchOk(reversed(modelFile(flat))));
}

TEST_CASE("multi-head attention sublayers by name and by keras 3 attribute", "[weights]") {
  ExpectedWeights mha{"mha", {}, {}};
  for (const char* part : {"query", "key", "value", "attention_output"})
    for (const char* weight : {"kernel", "bias"}) {
      mha.names.push_back(std::string(part) + "/" + weight);
      mha.shapes.push_back(std::string(weight) == "kernel" ? std::vector<int64_t>{8, 2, 4} : std::vector<int64_t>{2, 4});
    }
  NamedTensors byName, byAttribute;
  int marker = 0;
  for (const char* part : {"query", "key", "value", "output"})
    for (int index = 0; index < 2; ++index, ++marker) {
      std::vector<int64_t> shape = index == 0 ? std::vector<int64_t>{8, 2, 4} : std::vector<int64_t>{2, 4};
      std::string name = std::string(part) == "output" ? "attention_output" : part;
      byName.emplace_back("model/mha/" + name + (index == 0 ? "/kernel:0" : "/bias:0"), marked(shape, marker));
      byAttribute.emplace_back("layers/mha/_" + std::string(part) + "_dense/vars/" + std::to_string(index),
                               marked(shape, marker));
    }
  for (NamedTensors* file : {&byName, &byAttribute}) {
    Weights weights = matchOk(reversed(*file), {mha});
    for (int i = 0; i < 8; ++i) CHECK(markerOf(weights[0][i]) == i);
  }
}

TEST_CASE("unnamed arrays in order: arr_N from np.savez, or N", "[weights]") {
  std::vector<std::string> keys, bare;
  for (int i = 0; i < 13; ++i) {
    keys.push_back("arr_" + std::to_string(i));
    bare.push_back(std::to_string(i));
  }
  // Sorted by number, not as text (arr_10 after arr_9).
  NamedTensors file = modelFile(keys);
  std::sort(file.begin(), file.end(), [](auto& a, auto& b) { return a.first < b.first; });
  checkModelOrder(matchOk(std::move(file)));
  checkModelOrder(matchOk(reversed(modelFile(bare))));

  NamedTensors short_ = modelFile(keys);
  short_.pop_back();
  CHECK(matchError(std::move(short_)) ==
        "w.npz holds 12 unnamed arrays, taken in order as the model's weights, but the model has 13 weights: "
        "dense: kernel (3, 4), bias (4,); lstm: lstm_cell/kernel (1, 16), lstm_cell/recurrent_kernel (4, 16), "
        "lstm_cell/bias (16,); bidirectional: forward_lstm/lstm_cell/kernel (4, 8), "
        "forward_lstm/lstm_cell/recurrent_kernel (2, 8), forward_lstm/lstm_cell/bias (8,), "
        "backward_lstm/lstm_cell/kernel (4, 8), backward_lstm/lstm_cell/recurrent_kernel (2, 8), "
        "backward_lstm/lstm_cell/bias (8,); dense_1: kernel (4, 2), bias (2,)");
  NamedTensors gap = modelFile(keys);
  gap[4].first = "arr_13";
  CHECK(matchError(std::move(gap)) ==
        "w.npz holds unnamed arrays, which must be numbered 0 to 12 without gaps; array 4 is missing");
  NamedTensors swapped = modelFile(keys);
  std::swap(swapped[0].first, swapped[1].first);
  CHECK(matchError(std::move(swapped)) == "dense/kernel ('arr_0' in w.npz): file has (4,), the layer expects (3, 4)");
}

TEST_CASE("float16 and float64 arrays become float32; integers are refused", "[weights]") {
  std::vector<ExpectedWeights> expected = {dense("dense", 1, 2)};
  NamedTensors file;
  file.emplace_back("dense/kernel", *HostTensor::fromValues<double>({1, 2}, {0.1, -2.5}));
  file.emplace_back("dense/bias", *HostTensor::fromValues<Half>({2}, {Half{0x3c00}, Half{0xc000}}));  // 1, -2
  Weights weights = matchOk(std::move(file), expected);
  CHECK(weights[0][0] == *HostTensor::fromValues<float>({1, 2}, {0.1f, -2.5f}));
  CHECK(weights[0][1] == *HostTensor::fromValues<float>({2}, {1.0f, -2.0f}));

  NamedTensors ints;
  ints.emplace_back("dense/kernel:0", marked({1, 2}, 0));
  ints.emplace_back("dense/bias:0", *HostTensor::fromValues<int64_t>({2}, {1, 2}));
  CHECK(matchError(std::move(ints), expected) ==
        "dense/bias ('dense/bias:0' in w.npz): the file holds int64 values, expected a floating-point array "
        "(float16, float32 or float64)");
}

TEST_CASE("a missing weight lists the layer's expected weights and the keys left over", "[weights]") {
  NamedTensors file = modelFile({"dense/kernel", "dense/bias", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias",
                                 "bidirectional/forward_lstm/kernel", "bidirectional/forward_lstm/recurrent_kernel",
                                 "bidirectional/forward_lstm/bias", "bidirectional/backward_lstm/kernel",
                                 "bidirectional/backward_lstm/recurrent_kernel", "bidirectional/backward_lstm/bias",
                                 "dense_1/kernel", "dense_1/bias"});
  file[1].first = "dense/biases";
  CHECK(matchError(std::move(file)) ==
        "w.npz has no array for dense/bias; layer dense expects kernel (3, 4), bias (4,); keys matching no "
        "weight: dense/biases");
  NamedTensors twoMissing;
  twoMissing.emplace_back("dense/kernel", marked({3, 4}, 0));
  CHECK(matchError(std::move(twoMissing), {dense("dense", 3, 4), dense("dense_1", 4, 2)}) ==
        "w.npz has no array for dense/bias, dense_1/kernel, dense_1/bias; layer dense expects kernel (3, 4), bias "
        "(4,); layer dense_1 expects kernel (4, 2), bias (2,); every key in the file holds another weight");
}

TEST_CASE("an unexpected key is named, with the layers or the layer's weights", "[weights]") {
  std::vector<ExpectedWeights> expected = {dense("dense", 1, 2), {"flatten", {}, {}}, dense("dense_1", 2, 1)};
  auto file = [] {
    NamedTensors tensors;
    tensors.emplace_back("dense/kernel", marked({1, 2}, 0));
    tensors.emplace_back("dense/bias", marked({2}, 0));
    tensors.emplace_back("dense_1/kernel", marked({2, 1}, 0));
    tensors.emplace_back("dense_1/bias", marked({1}, 0));
    return tensors;
  };
  NamedTensors extraLayer = file();
  extraLayer.emplace_back("dense_2/kernel:0", marked({1}, 0));
  CHECK(matchError(std::move(extraLayer), expected) ==
        "unexpected key 'dense_2/kernel:0' in w.npz: it names no layer of the model; the layers with weights are "
        "dense, dense_1");
  NamedTensors extraWeight = file();
  extraWeight.emplace_back("model/dense_1/gamma", marked({1}, 0));
  CHECK(matchError(std::move(extraWeight), expected) ==
        "unexpected key 'model/dense_1/gamma' in w.npz: layer dense_1 has no such weight; it expects kernel (2, 1), "
        "bias (1,)");
  NamedTensors noWeights;
  noWeights.emplace_back("dense/kernel", marked({1}, 0));
  CHECK(matchError(std::move(noWeights), {{"flatten", {}, {}}}) ==
        "unexpected key 'dense/kernel' in w.npz: it names no layer of the model; the model has no weights");
  CHECK(matchOk({}, {{"flatten", {}, {}}}) == Weights{{}});
  NamedTensors twice = file();
  twice.emplace_back("model/dense/kernel:0", marked({1, 2}, 0));
  CHECK(matchError(std::move(twice), expected) == "keys 'dense/kernel' and 'model/dense/kernel:0' in w.npz both hold dense/kernel");
}

TEST_CASE("a wrong shape shows both shapes", "[weights]") {
  NamedTensors file;
  file.emplace_back("dense/kernel", marked({64, 10}, 0));
  file.emplace_back("dense/bias", marked({32}, 0));
  CHECK(matchError(std::move(file), {dense("dense", 64, 32)}) ==
        "dense/kernel: file has (64, 10), the layer expects (64, 32)");
}

TEST_CASE("forward and backward are never confused; an unclear key is an error", "[weights]") {
  std::vector<ExpectedWeights> expected = {bidirectionalLstm("bidirectional", 4, 2)};
  // Without its direction, a Bidirectional's weight could be either half.
  NamedTensors bare = modelFile({"dense/kernel", "dense/bias", "lstm/kernel", "lstm/recurrent_kernel", "lstm/bias",
                                 "bidirectional/kernel", "bidirectional/forward_lstm/recurrent_kernel",
                                 "bidirectional/forward_lstm/bias", "bidirectional/backward_lstm/kernel",
                                 "bidirectional/backward_lstm/recurrent_kernel", "bidirectional/backward_lstm/bias",
                                 "dense_1/kernel", "dense_1/bias"});
  CHECK(matchError(std::move(bare)) ==
        "key 'bidirectional/kernel' in w.npz fits several weights equally: bidirectional/forward_lstm/lstm_cell/kernel, "
        "bidirectional/backward_lstm/lstm_cell/kernel; rename it to one of these");
  // A cell name shared by both halves does not decide either.
  NamedTensors cellOnly;
  cellOnly.emplace_back("bidirectional/lstm_cell/bias", marked({8}, 0));
  CHECK_THAT(matchError(std::move(cellOnly), expected),
             Catch::StartsWith("key 'bidirectional/lstm_cell/bias' in w.npz fits several weights equally"));
  // `forward_lstm` never stands for `backward_lstm`, even when only the backward one is left.
  NamedTensors forwardOnly;
  for (const char* w : {"kernel", "recurrent_kernel", "bias"})
    for (const char* direction : {"forward", "forward_again"})
      forwardOnly.emplace_back(std::string("bidirectional/") + direction + "_lstm/" + w, marked({1}, 0));
  CHECK_THAT(matchError(std::move(forwardOnly), expected),
             Catch::StartsWith("keys 'bidirectional/forward_lstm/kernel' and 'bidirectional/forward_again_lstm/kernel' "
                               "in w.npz both hold bidirectional/forward_lstm/lstm_cell/kernel"));
  // `kernel` is not `recurrent_kernel`: the last component must be equal.
  NamedTensors kernelOnly;
  kernelOnly.emplace_back("lstm/kernel", marked({1, 16}, 0));
  CHECK_THAT(matchError(std::move(kernelOnly), {lstm("lstm", 1, 4)}),
             Catch::StartsWith("w.npz has no array for lstm/lstm_cell/recurrent_kernel, lstm/lstm_cell/bias;"));
}

TEST_CASE("layer names of nested models hold slashes", "[weights]") {
  std::vector<ExpectedWeights> expected = {dense("encoder/dense", 2, 3), dense("decoder/dense", 3, 2)};
  NamedTensors file;
  file.emplace_back("decoder/dense/kernel:0", marked({3, 2}, 1));
  file.emplace_back("decoder/dense/bias:0", marked({2}, 2));
  file.emplace_back("layers/encoder/layers/dense/vars/0", marked({2, 3}, 3));
  file.emplace_back("layers/encoder/layers/dense/vars/1", marked({3}, 4));
  Weights weights = matchOk(std::move(file), expected);
  CHECK(markerOf(weights[0][0]) == 3);
  CHECK(markerOf(weights[0][1]) == 4);
  CHECK(markerOf(weights[1][0]) == 1);
  CHECK(markerOf(weights[1][1]) == 2);
}

namespace {

/// A temporary directory, removed with its contents at the end of the test.
struct TempDir {
  llvm::SmallString<128> path;
  TempDir() { REQUIRE(!llvm::sys::fs::createUniqueDirectory("graphlint-weights", path)); }
  ~TempDir() { llvm::sys::fs::remove_directories(path); }
  std::string file(llvm::StringRef relative, llvm::StringRef bytes) const {
    llvm::SmallString<128> full(path);
    llvm::sys::path::append(full, relative);
    REQUIRE(!llvm::sys::fs::create_directories(llvm::sys::path::parent_path(full)));
    std::error_code error;
    llvm::raw_fd_ostream out(full, error);
    REQUIRE(!error);
    out << bytes;
    return full.str().str();
  }
};

}  // namespace

TEST_CASE("an npz file is loaded from disk", "[weights]") {
  TempDir dir;
  std::string npz = graphlint::test::makeZip({{"dense/kernel:0.npy", writeNpy(marked({1, 2}, 5)), ZIP_CM_DEFLATE},
                                              {"dense/bias:0.npy", writeNpy(marked({2}, 6))}});
  std::string path = dir.file("w.npz", npz);
  Result<Weights> weights = loadWeights(path, {dense("dense", 1, 2)});
  REQUIRE(weights);
  CHECK(markerOf((*weights)[0][0]) == 5);
  CHECK(markerOf((*weights)[0][1]) == 6);

  Result<Weights> wrong = loadWeights(dir.file("x.npz", "not a zip"), {dense("dense", 1, 2)});
  REQUIRE(!wrong);
  CHECK(wrong.error().message ==
        std::string(dir.path) + "/x.npz: cannot read the .npz: not a zip archive (found bytes starting with 'not a')");
  Result<Weights> absent = loadWeights(std::string(dir.path) + "/none.npz", {});
  REQUIRE(!absent);
  CHECK(absent.error().message == "cannot read " + std::string(dir.path) + "/none.npz: No such file or directory");
}

TEST_CASE("a directory of .npy files: subdirectories and __ stand for /", "[weights]") {
  TempDir dir;
  dir.file("dense/kernel.npy", writeNpy(marked({1, 2}, 1)));
  dir.file("dense__bias.npy", writeNpy(marked({2}, 2)));
  dir.file("model/dense_1/kernel:0.npy", writeNpy(marked({2, 1}, 3)));
  dir.file("model__dense_1__bias:0.npy", writeNpy(marked({1}, 4)));
  dir.file("README.txt", "ignored");
  std::vector<ExpectedWeights> expected = {dense("dense", 1, 2), dense("dense_1", 2, 1)};
  Result<Weights> weights = loadWeights(dir.path, expected);
  if (!weights) FAIL(weights.error().message);
  for (int i = 0; i < 4; ++i) CHECK(markerOf((*weights)[i / 2][i % 2]) == i + 1);

  TempDir ordered;
  for (int i = 0; i < 4; ++i)
    ordered.file(std::to_string(i) + ".npy", writeNpy(marked(expected[i / 2].shapes[i % 2], 10 + i)));
  Result<Weights> byOrder = loadWeights(ordered.path, expected);
  if (!byOrder) FAIL(byOrder.error().message);
  for (int i = 0; i < 4; ++i) CHECK(markerOf((*byOrder)[i / 2][i % 2]) == 10 + i);

  TempDir clash;
  clash.file("dense/kernel.npy", writeNpy(marked({1, 2}, 1)));
  clash.file("dense__kernel.npy", writeNpy(marked({1, 2}, 1)));
  Result<NamedTensors> clashing = readNpyDirectory(clash.path);
  REQUIRE(!clashing);
  CHECK(clashing.error().message == "two files in " + std::string(clash.path) +
                                        " hold the key 'dense/kernel' (a subdirectory and `__` both stand for `/`)");

  TempDir empty;
  empty.file("notes.txt", "no arrays");
  Result<Weights> none = loadWeights(empty.path, expected);
  REQUIRE(!none);
  CHECK(none.error().message == "the directory " + std::string(empty.path) + " holds no .npy files");

  TempDir bad;
  bad.file("dense/kernel.npy", "garbage");
  Result<NamedTensors> damaged = readNpyDirectory(bad.path);
  REQUIRE(!damaged);
  CHECK_THAT(damaged.error().message, Catch::StartsWith(std::string(bad.path) + "/dense/kernel.npy: not a .npy file"));
}
