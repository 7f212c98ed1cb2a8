// Padding, cropping and upsampling kernels on hand-computed cases TF.js cannot give: the 1-D
// and 3-D layers, channels_first, and UpSampling2D's bilinear resize with half-pixel centers.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

std::string oneLayer(const std::string& inputShape, const std::string& layer, const std::string& config) {
  return "inputs: [{name: x, shape: " + inputShape + "}]\nnodes:\n  - {name: l, layer: " + layer + ", config: {" +
         config + "}, inputs: [x]}\noutputs: [l]\n";
}

}  // namespace

TEST_CASE("1-D padding, cropping and upsampling work on the steps axis", "[executor][spatial]") {
  requireClose(runSpecOutput(oneLayer("[1, 2, 2]", "ZeroPadding1D", "padding: [1, 2]"), {floats({1, 2, 2}, {1, 2, 3, 4})}),
               {0, 0, 1, 2, 3, 4, 0, 0, 0, 0});
  requireClose(runSpecOutput(oneLayer("[1, 3, 1]", "Cropping1D", "cropping: [1, 0]"), {floats({1, 3, 1}, {1, 2, 3})}),
               {2, 3});
  requireClose(runSpecOutput(oneLayer("[1, 2, 1]", "UpSampling1D", "size: 3"), {floats({1, 2, 1}, {1, 2})}),
               {1, 1, 1, 2, 2, 2});
}

TEST_CASE("3-D padding, cropping and upsampling, channels_first included", "[executor][spatial]") {
  // (1, D=1, H=1, W=2, C=1) padded one depth slice before and one row after.
  requireClose(runSpecOutput(oneLayer("[1, 1, 1, 2, 1]", "ZeroPadding3D", "padding: [[1, 0], [0, 1], [0, 0]]"),
                             {floats({1, 1, 1, 2, 1}, {5, 6})}),
               {0, 0, 0, 0, 5, 6, 0, 0});
  // (1, D=2, H=2, 1, 1): keep depth 0, row 1.
  requireClose(runSpecOutput(oneLayer("[1, 2, 2, 1, 1]", "Cropping3D", "cropping: [[0, 1], [1, 0], [0, 0]]"),
                             {floats({1, 2, 2, 1, 1}, {1, 2, 3, 4})}),
               {2});
  // channels_first (1, C=2, D=1, H=1, W=2), doubled in depth and width.
  Result<RunResult> up = runSpec(
      oneLayer("[1, 2, 1, 1, 2]", "UpSampling3D", "size: [2, 1, 2], data_format: channels_first"),
      {floats({1, 2, 1, 1, 2}, {1, 2, 3, 4})});
  REQUIRE(up);
  CHECK(up->outputs[0].shape() == std::vector<int64_t>{1, 2, 2, 1, 4});
  requireClose(valuesOf(up->outputs[0]), {1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4});
  // channels_first ZeroPadding2D pads the planes, not the channels.
  requireClose(runSpecOutput(oneLayer("[1, 2, 1, 1]", "ZeroPadding2D", "padding: [[0, 0], [1, 0]], data_format: channels_first"),
                             {floats({1, 2, 1, 1}, {7, 8})}),
               {0, 7, 0, 8});
}

TEST_CASE("bilinear UpSampling2D samples with half-pixel centers, as tf.image.resize", "[executor][spatial]") {
  // x[h][w] = 1 + 2h + w; upsampled by 2, axis position o reads (o + 0.5)/2 - 0.5, clamped:
  // offsets [0, 0.25, 0.75, 1] (TF.js, without half-pixel centers, gives [0, 0.5, 1, 1]).
  std::vector<float> y = runSpecOutput(oneLayer("[1, 2, 2, 1]", "UpSampling2D", "size: 2, interpolation: bilinear"),
                                       {floats({1, 2, 2, 1}, {1, 2, 3, 4})});
  requireClose(y, {1, 1.25f, 1.75f, 2, 1.5f, 1.75f, 2.25f, 2.5f, 2.5f, 2.75f, 3.25f, 3.5f, 3, 3.25f, 3.75f, 4});
  std::vector<float> first = runSpecOutput(
      oneLayer("[1, 1, 2, 2]", "UpSampling2D", "size: 2, interpolation: bilinear, data_format: channels_first"),
      {floats({1, 1, 2, 2}, {1, 2, 3, 4})});
  requireClose(first, y);
}

TEST_CASE("UpSampling2D's other interpolations resize as Resizing does", "[executor][spatial]") {
  auto upsampled = [](const std::string& layer, const std::string& config) {
    std::string spec = "inputs: [{name: x, shape: [1, 3, 4, 2]}]\nnodes:\n  - {name: y, layer: " + layer +
                       ", config: " + config + ", inputs: [x]}\noutputs: [y]\n";
    std::vector<float> x(24);
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>((i * 7) % 11) - 5;
    return runSpecOutput(spec, {floats({1, 3, 4, 2}, x)});
  };
  for (const char* method : {"bilinear", "bicubic", "lanczos3", "lanczos5"}) {
    INFO(method);
    std::vector<float> up = upsampled("UpSampling2D", std::string("{size: [2, 3], interpolation: ") + method + "}");
    std::vector<float> resized =
        upsampled("Resizing", std::string("{height: 6, width: 12, interpolation: ") + method + "}");
    requireClose(up, resized, 0);
  }
}
