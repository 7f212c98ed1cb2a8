// Image kernels on hand-computed cases TF.js cannot give (its Resizing has bilinear and nearest
// only, CenterCrop only crops): tf.image.resize's other methods and antialias, Keras' crop and pad
// to the aspect ratio, channels_first and unbatched images, integer images, CenterCrop's and
// RandomCrop's smart resize, AutoContrast, Equalization, CLAHE, and the errors.
//
// Expected numbers come from a float64 NumPy reference written from the methods' definitions
// (Keys' cubic with a = -0.5 on TF's table of 1024 fractions for bicubic; Lanczos, Gaussian and
// Mitchell kernels for scale_and_translate, widened by the downscale with antialias; area as
// the overlap-weighted mean). The reference's bilinear, nearest, area and antialiased
// bilinear/bicubic agree with PyTorch's half-pixel and antialiased resizes to 1e-6.

#include "ExecutorTestUtil.h"

using namespace graphlint;
using namespace graphlint::test;

namespace {

std::string oneLayer(const std::string& inputShape, const std::string& layer, const std::string& config,
                     const std::string& dtype = "float32") {
  return "inputs: [{name: x, shape: " + inputShape + ", dtype: " + dtype + "}]\nnodes:\n  - {name: l, layer: " + layer +
         ", config: {" + config + "}, inputs: [x]}\noutputs: [l]\n";
}

std::string oneOp(const std::string& inputShape, const std::string& op, const std::string& args,
                  const std::string& dtype = "float32") {
  return "inputs: [{name: x, shape: " + inputShape + ", dtype: " + dtype + "}]\nnodes:\n  - {name: y, op: " + op +
         ", args: {" + args + "}, inputs: [x]}\noutputs: [y]\n";
}

/// A (1, height, width, 1) image whose cell i (in C order) holds value(i).
HostTensor image(int64_t height, int64_t width, float (*value)(int)) {
  std::vector<float> values;
  for (int i = 0; i < height * width; ++i) values.push_back(value(i));
  return floats({1, height, width, 1}, values);
}

float flatIndex(int i) { return static_cast<float>(i); }
float squareTenths(int i) { return static_cast<float>(i * i) / 10.0f; }
float mod7(int i) { return static_cast<float>(i * 5 % 7); }
float mod9(int i) { return static_cast<float>(i * 5 % 9); }
float mod11(int i) { return static_cast<float>(i * 7 % 11); }
float mod5(int i) { return static_cast<float>(i * 3 % 5); }

std::string runError(const std::string& spec, std::vector<HostTensor> inputs) {
  Result<RunResult> result = runSpec(spec, std::move(inputs));
  REQUIRE_FALSE(result);
  return result.error().message;
}

}  // namespace

// ---------------------------------------------------------------------------------------------
// Resizing and image_resize: the methods
// ---------------------------------------------------------------------------------------------

TEST_CASE("bicubic resizes with Keys' cubic a = -0.5 from TF's weight table, dropping taps outside", "[executor][image]") {
  // x = i^2 / 10 on 4x4 -> 3x5. PyTorch's bicubic (a = -0.75, edge taps clamped) differs by up
  // to 0.2 here; the table's 1/1024 steps move values by up to 1e-3 from the exact kernel.
  std::vector<float> y = runSpecOutput(oneLayer("[1, 4, 4, 1]", "Resizing", "height: 3, width: 5, interpolation: bicubic"),
                                       {image(4, 4, squareTenths)});
  requireClose(y, {0.1219303f, 0.2338458f, 0.478497f, 0.8853173f, 1.302313f, 3.543939f, 4.428574f, 5.625f, 6.983595f,
                   8.17331f, 13.43596f, 15.09332f, 17.24152f, 19.55189f, 21.51432f},
               2e-5f);
}

TEST_CASE("area resizing averages the input cells each output cell covers", "[executor][image]") {
  // 5x5 -> 2x3: an output cell covers 2.5 x 5/3 input cells, partial cells by their overlap.
  std::vector<float> y = runSpecOutput(oneLayer("[1, 5, 5, 1]", "Resizing", "height: 2, width: 3, interpolation: area"),
                                       {image(5, 5, mod11)});
  requireClose(y, {3.52f, 5.04f, 6.56f, 4.8f, 4.56f, 4.32f});
}

TEST_CASE("lanczos3 upsamples with the radius-3 Lanczos kernel", "[executor][image]") {
  std::vector<float> y = runSpecOutput(oneLayer("[1, 4, 4, 1]", "Resizing", "height: 6, width: 7, interpolation: lanczos3"),
                                       {image(4, 4, mod7)});
  requireClose(y,
               {-1.297232f, 1.211798f,  4.759118f,   5.127189f, 2.797375f, 1.565563f, 1.125454f, 2.496472f, 3.442193f,
                4.554477f,  4.278729f,  2.353277f,   0.543219f, -0.314399f, 6.810996f, 5.892798f, 4.047466f, 2.569542f,
                1.693101f,  0.9132566f, 0.6525566f,  5.695596f, 5.028554f, 3.472006f, 1.278532f, 1.40552f,  3.959519f,
                5.829041f,  4.360517f,  3.902525f,   2.641495f, 0.2933985f, 0.6803366f, 4.264242f, 6.795996f, 4.096983f,
                3.564377f,  2.204534f,  -0.03508712f, 0.1895542f, 3.194992f, 5.356143f},
               2e-5f);
}

TEST_CASE("antialias widens lanczos5 and bilinear when downsampling", "[executor][image]") {
  HostTensor x = image(8, 8, mod9);
  requireClose(runSpecOutput(oneLayer("[1, 8, 8, 1]", "Resizing", "height: 3, width: 3, interpolation: lanczos5, antialias: true"),
                             {x}),
               {2.847828f, 3.270244f, 5.147099f, 5.393733f, 3.035565f, 3.270244f, 4.159515f, 5.393733f, 2.847828f}, 2e-5f);
  requireClose(runSpecOutput(oneLayer("[1, 8, 8, 1]", "Resizing", "height: 3, width: 3, interpolation: lanczos5"), {x}),
               {0.5640566f, 3.777428f, 6.938837f, 4.252156f, 0.4694105f, 3.777428f, 2.096009f, 4.252156f, 0.5640566f},
               2e-5f);
  // Bilinear with antialias is a triangle of radius 3 (the downscale) here, not resize_bilinear.
  requireClose(runSpecOutput(oneLayer("[1, 6, 6, 1]", "Resizing", "height: 2, width: 3, antialias: true"),
                             {image(6, 6, mod9)}),
               {3.946429f, 3.734375f, 4.125f, 4.214286f, 3.921875f, 4.232143f});
}

TEST_CASE("tf.image.resize also takes the gaussian and mitchellcubic methods", "[executor][image]") {
  HostTensor x = image(4, 4, mod5);
  requireClose(runSpecOutput(oneOp("[1, 4, 4, 1]", "tf.image.resize", "size: [3, 6], method: gaussian"), {x}),
               {0.5443589f, 1.395696f, 2.082949f, 1.708443f, 2.395696f, 3.247033f, 2.870062f, 2.0f, 1.203113f,
                1.427194f, 1.75f, 1.967515f, 1.752967f, 2.604304f, 3.085311f, 1.928375f, 1.104304f, 0.6879983f},
               2e-5f);
  requireClose(runSpecOutput(oneOp("[1, 4, 4, 1]", "tf.image.resize", "size: [3, 6], method: mitchellcubic"), {x}),
               {0.3016853f, 1.403422f, 2.293886f, 1.547416f, 2.418215f, 3.50176f, 3.191745f, 2.016779f, 0.9205283f,
                1.366316f, 1.780994f, 2.003863f, 1.497954f, 2.630135f, 3.362329f, 2.009551f, 0.9922921f, 0.5059661f},
               2e-5f);
}

// ---------------------------------------------------------------------------------------------
// Aspect ratio, layouts, dtypes
// ---------------------------------------------------------------------------------------------

TEST_CASE("crop_to_aspect_ratio resizes the largest centred window of the target's shape", "[executor][image]") {
  // 4x6 -> 2x2 crops columns 1-4, then halves: each output is the mean of a 2x2 block.
  requireClose(runSpecOutput(oneLayer("[1, 4, 6, 1]", "Resizing", "height: 2, width: 2, crop_to_aspect_ratio: true"),
                             {image(4, 6, flatIndex)}),
               {4.5f, 6.5f, 16.5f, 18.5f});
}

TEST_CASE("pad_to_aspect_ratio pads both sides by half the difference, rounded down", "[executor][image]") {
  // 2x4 -> 4x4: one row of fill_value above and below, then a resize to the same size.
  requireClose(runSpecOutput(oneLayer("[1, 2, 4, 1]", "Resizing", "height: 4, width: 4, pad_to_aspect_ratio: true, fill_value: 9"),
                             {image(2, 4, flatIndex)}),
               {9, 9, 9, 9, 0, 1, 2, 3, 4, 5, 6, 7, 9, 9, 9, 9});
  // 3x4 -> 2x2 would need 4 rows: half of the one missing row rounds to no padding at all, so
  // Keras stretches the image as without the option.
  requireClose(runSpecOutput(oneOp("[1, 3, 4, 1]", "keras.ops.image.resize", "size: [2, 2], pad_to_aspect_ratio: true, fill_value: 9"),
                             {image(3, 4, flatIndex)}),
               {1.5f, 3.5f, 7.5f, 9.5f});
}

TEST_CASE("channels_first images resize plane by plane", "[executor][image]") {
  // (1, C=2, 3, 4) -> (1, 2, 5, 6), bilinear.
  std::vector<float> x = {0, 4, 8, 2, 6, 0, 4, 8, 2, 6, 0, 4, 7, 1, 5, 9, 3, 7, 1, 5, 9, 3, 7, 1};
  Result<RunResult> run = runSpec(oneLayer("[1, 2, 3, 4]", "Resizing", "height: 5, width: 6, data_format: channels_first"),
                                  {floats({1, 2, 3, 4}, x)});
  REQUIRE(run);
  CHECK(run->outputs[0].shape() == std::vector<int64_t>{1, 2, 5, 6});
  requireClose(valuesOf(run->outputs[0]),
               {0, 2, 4.666667f, 7.333333f, 5, 2, 2.4f, 2.4f, 3.066667f, 5.733333f, 5.4f, 4.4f, 6, 3, 0.6666667f,
                3.333333f, 6, 8, 3.6f, 3.6f, 3.266667f, 1.933333f, 3.6f, 5.6f, 2, 4, 5, 1, 2, 4, 7, 4, 1.666667f,
                4.333333f, 7, 9, 5.4f, 4.4f, 3.4f, 3.4f, 5.4f, 7.4f, 3, 5, 6, 2, 3, 5, 6.6f, 5.6f, 4.6f, 4.6f, 3.6f,
                2.6f, 9, 6, 3.666667f, 6.333333f, 4, 1});
}

TEST_CASE("an unbatched 3-D image resizes like a batch of one", "[executor][image]") {
  Result<RunResult> run = runSpec(oneLayer("[4, 6, 1]", "Resizing", "height: 2, width: 2, crop_to_aspect_ratio: true"),
                                  {floats({4, 6, 1}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
                                                      19, 20, 21, 22, 23})});
  REQUIRE(run);
  CHECK(run->outputs[0].shape() == std::vector<int64_t>{2, 2, 1});
  requireClose(valuesOf(run->outputs[0]), {4.5f, 6.5f, 16.5f, 18.5f});
}

TEST_CASE("keras.ops.image.resize of uint8 images rounds half to even and saturates", "[executor][image]") {
  // The row [0, 255] upsampled to 1x4 bilinearly is 0, 63.75, 191.25, 255: rounded to 64 and
  // 191. Bicubic to 1x5 overshoots to about -25 and 280 at the ends, which saturate (a wrapping
  // cast would give 231 and 24).
  Result<HostTensor> row = HostTensor::fromValues<uint8_t>({1, 1, 2, 1}, std::vector<uint8_t>{0, 255});
  REQUIRE(row);
  Result<RunResult> run = runSpec(oneOp("[1, 1, 2, 1]", "keras.ops.image.resize", "size: [1, 4]", "uint8"), {*row});
  REQUIRE(run);
  const HostTensor& y = run->outputs[0];
  REQUIRE(y.elementType() == ElementType::UInt8);
  llvm::ArrayRef<uint8_t> values = y.data<uint8_t>();
  CHECK(std::vector<int>(values.begin(), values.end()) == std::vector<int>{0, 64, 191, 255});
  Result<RunResult> cubic =
      runSpec(oneOp("[1, 1, 2, 1]", "keras.ops.image.resize", "size: [1, 5], interpolation: bicubic", "uint8"), {*row});
  REQUIRE(cubic);
  llvm::ArrayRef<uint8_t> saturated = cubic->outputs[0].data<uint8_t>();
  CHECK(saturated.front() == 0);
  CHECK(saturated.back() == 255);
}

TEST_CASE("Resizing of uint8 images rounds back to uint8 in Keras 3, not in Keras 2", "[executor][image]") {
  Result<HostTensor> row = HostTensor::fromValues<uint8_t>({1, 1, 2, 1}, std::vector<uint8_t>{0, 255});
  REQUIRE(row);
  std::string spec = oneLayer("[1, 1, 2, 1]", "Resizing", "height: 1, width: 4", "uint8");
  requireClose(runSpecOutput(spec, {*row}), {0, 64, 191, 255});
  ExecOptions keras2;
  keras2.kerasMajor = 2;
  requireClose(runSpecOutput(spec, {*row}, {}, 0, keras2), {0, 63.75f, 191.25f, 255});
}

// ---------------------------------------------------------------------------------------------
// CenterCrop and RandomCrop
// ---------------------------------------------------------------------------------------------

TEST_CASE("CenterCrop smart-resizes an image smaller than the target on any axis", "[executor][image]") {
  // 2x3 -> 4x4: crop the 2x2 window at column 0 (half of the one spare column rounds down),
  // then resize it bilinearly. x = i^2.
  auto squares = [](int i) { return static_cast<float>(i * i); };
  requireClose(runSpecOutput(oneLayer("[1, 2, 3, 1]", "CenterCrop", "height: 4, width: 4"), {image(2, 3, squares)}),
               {0, 0.25f, 0.75f, 1, 2.25f, 2.875f, 4.125f, 4.75f, 6.75f, 8.125f, 10.875f, 12.25f, 9, 10.75f, 14.25f, 16});
  // 6x2 -> 4x4: taller than the target but narrower, so no crop: rows 2-3, resized.
  requireClose(runSpecOutput(oneLayer("[1, 6, 2, 1]", "CenterCrop", "height: 4, width: 4"), {image(6, 2, squares)}),
               {16, 18.25f, 22.75f, 25, 21, 23.5f, 28.5f, 31, 31, 34, 40, 43, 36, 39.25f, 45.75f, 49});
}

TEST_CASE("CenterCrop crops channels_first planes", "[executor][image]") {
  // (1, C=2, 3, 3) -> (1, 2, 1, 2): row 1, columns 0-1 of each plane.
  requireClose(runSpecOutput(oneLayer("[1, 2, 3, 3]", "CenterCrop", "height: 1, width: 2, data_format: channels_first"),
                             {floats({1, 2, 3, 3}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 13, 14, 15, 16, 17, 18})}),
               {3, 4, 13, 14});
}

TEST_CASE("RandomCrop at inference smart-resizes to the target size", "[executor][image]") {
  // Keras 2's inference path (and Keras 3's before 3.6): the centred 4x4 window of 4x6,
  // halved bilinearly. An image of the target size passes unchanged.
  requireClose(runSpecOutput(oneLayer("[1, 4, 6, 1]", "RandomCrop", "height: 2, width: 2"), {image(4, 6, flatIndex)}),
               {4.5f, 6.5f, 16.5f, 18.5f});
  requireClose(runSpecOutput(oneLayer("[1, 2, 3, 1]", "RandomCrop", "height: 2, width: 3"), {image(2, 3, squareTenths)}),
               {0, 0.1f, 0.4f, 0.9f, 1.6f, 2.5f});
}

// ---------------------------------------------------------------------------------------------
// AutoContrast, Equalization, CLAHE
// ---------------------------------------------------------------------------------------------

TEST_CASE("AutoContrast stretches each image's channels to value_range", "[executor][image]") {
  // Keras' own example: per channel, 1..12 in steps of 3 becomes 0, 85, 170, 255.
  requireClose(runSpecOutput(oneLayer("[1, 2, 2, 3]", "AutoContrast", ""),
                             {floats({1, 2, 2, 3}, {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})}),
               {0, 0, 0, 85, 85, 85, 170, 170, 170, 255, 255, 255});
  // value_range [1, 0] (sorted to [0, 1]): channel 0 spans [0.2, 0.5], channel 1 [0.4, 0.6].
  requireClose(runSpecOutput(oneLayer("[1, 2, 2, 2]", "AutoContrast", "value_range: [1, 0]"),
                             {floats({1, 2, 2, 2}, {0.2f, 0.4f, 0.5f, 0.5f, 0.3f, 0.6f, 0.5f, 0.5f})}),
               {0, 0, 1, 0.5f, 0.3333333f, 1, 1, 0.5f});
}

TEST_CASE("AutoContrast leaves a constant channel as it is", "[executor][image]") {
  // 255 / 0 makes the channel NaN, which Keras replaces by the input.
  requireClose(runSpecOutput(oneLayer("[1, 2, 1, 2]", "AutoContrast", "value_range: [0, 1]"),
                             {floats({1, 2, 1, 2}, {0.7f, 0.2f, 0.7f, 0.6f})}),
               {0.7f, 0, 0.7f, 1});
}

TEST_CASE("AutoContrast on channels_first reduces over Keras' axes 1 and 2", "[executor][image]") {
  // Keras takes the min and max over axes (1, 2) whatever the data format: for (1, C=2, 2, 2)
  // that is per column over channels and rows.
  requireClose(runSpecOutput(oneLayer("[1, 2, 2, 2]", "AutoContrast", "data_format: channels_first"),
                             {floats({1, 2, 2, 2}, {1, 2, 3, 4, 5, 6, 7, 9})}),
               {0, 0, 85, 72.85714f, 170, 145.7143f, 255, 255}, 1e-4f);
}

TEST_CASE("Equalization is the identity at inference", "[executor][image]") {
  requireClose(runSpecOutput(oneLayer("[1, 2, 2, 1]", "Equalization", ""), {floats({1, 2, 2, 1}, {3, 1, 200, 7})}),
               {3, 1, 200, 7});
}

TEST_CASE("CLAHE equalizes 2x2 tiles with a clipped histogram and blends between them", "[executor][image]") {
  HostTensor x = floats({1, 4, 4, 1}, {10, 50, 50, 200, 30, 60, 90, 120, 200, 210, 220, 230, 0, 5, 250, 255});
  requireClose(runSpecOutput(oneLayer("[1, 4, 4, 1]", "ContrastLimitedAdaptiveHistogramEqualization",
                                      "tile_grid_size: [2, 2]"),
                             {x}),
               {13.37172f, 58.86057f, 54.86155f, 203.4501f, 36.11615f, 72.2323f, 96.35138f, 124.4695f, 201.0081f,
                212.4868f, 219.0656f, 227.5692f, 0, 8.823749f, 248.2768f, 255},
               1e-3f);
  // clip_limit 0: plain histogram equalization per tile.
  requireClose(runSpecOutput(oneLayer("[1, 4, 4, 1]", "ContrastLimitedAdaptiveHistogramEqualization",
                                      "tile_grid_size: [2, 2], clip_limit: 0"),
                             {x}),
               {63.75f, 191.25f, 127.5f, 255, 127.5f, 255, 191.25f, 191.25f, 212.5f, 255, 207.1875f, 191.25f, 0, 85,
                223.125f, 255},
               1e-3f);
}

TEST_CASE("CLAHE pads an image to whole tiles by mirroring, in value_range", "[executor][image]") {
  // 5x3 in [0, 1] on a 2x2 grid: tiles of 3x2, one mirrored row and column.
  std::vector<float> x;
  for (int i = 0; i < 15; ++i) x.push_back(static_cast<float>(i) * 0.061f);
  requireClose(runSpecOutput(oneLayer("[1, 5, 3, 1]", "ContrastLimitedAdaptiveHistogramEqualization",
                                      "value_range: [0, 1], clip_limit: 2, tile_grid_size: [2, 2]"),
                             {floats({1, 5, 3, 1}, x)}),
               {0, 0.06440259f, 0.1256095f, 0.1890707f, 0.2572399f, 0.3121401f, 0.3771343f, 0.4402995f, 0.4978628f,
                0.5494581f, 0.6139004f, 0.6737735f, 0.7317322f, 0.7989589f, 0.854685f},
               1e-5f);
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

TEST_CASE("image kernels refuse what Keras refuses, with the value", "[executor][image]") {
  HostTensor x = image(2, 2, flatIndex);
  CHECK_THAT(runError(oneOp("[1, 2, 2, 1]", "keras.ops.image.resize", "size: [3, 3], interpolation: cubic"), {x}),
             Catch::Contains("unknown interpolation 'cubic'"));
  CHECK_THAT(runError(oneOp("[1, 2, 2, 1]", "keras.ops.image.resize", "size: [3, 3], fill_mode: reflect"), {x}),
             Catch::Contains("fill_mode 'reflect'"));
  CHECK_THAT(runError(oneOp("[1, 2, 2, 1]", "keras.ops.image.resize",
                            "size: [3, 3], crop_to_aspect_ratio: true, pad_to_aspect_ratio: true"),
                      {x}),
             Catch::Contains("only one of crop_to_aspect_ratio and pad_to_aspect_ratio"));
  // A 3x3 image on an 8x8 grid would need 5 mirrored rows; TensorFlow pads at most 3.
  CHECK_THAT(runError(oneLayer("[1, 3, 3, 1]", "ContrastLimitedAdaptiveHistogramEqualization", ""),
                      {image(3, 3, flatIndex)}),
             Catch::Contains("cannot be padded to a 8x8 tile grid"));
}
