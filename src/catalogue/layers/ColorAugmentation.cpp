// Image augmentation layers that change pixel values (keras/src/layers/preprocessing/
// image_preprocessing/, Keras 3.15): random contrast, brightness, grayscale, hue, saturation,
// sharpness, colour degeneration, colour jitter, posterization, inversion and Gaussian blur,
// and the deterministic Solarization, AutoContrast, Equalization and CLAHE. All keep the input
// image's shape and have no weights; those that convert RGB need 3 channels.

#include <cmath>

#include "catalogue/ImageLayers.h"

namespace graphlint {
namespace {

AttrSpec seedAttr() { return optional("seed", AttrType::Any, Value::null(), "random seed"); }

/// The input's channels dim, or nullopt when the rank is unknown.
std::optional<Dim> channelsOf(const LayerCall& call) {
  if (!call.inputs[0].hasRank()) return std::nullopt;
  return (*call.inputs[0].dims)[imageChannelsAxis(call)];
}

/// Fails unless the image has 3 channels (a symbolic count is assumed to be 3), for layers that
/// convert RGB to HSV or to grayscale.
std::optional<Error> checkRgb(const LayerCall& call) {
  std::optional<Dim> channels = channelsOf(call);
  if (!channels || mayBeEqual(Dim::constant(3), *channels, call.assumptions,
                              "channels of the input of " + call.schema.className + " (RGB)"))
    return std::nullopt;
  return makeError(call.schema.className + " expects RGB images (3 channels), got " + channels->str() +
                   " channels in the input " + call.inputs[0].shapeStr());
}

Result<std::vector<TensorType>> keepsRgbImage(const LayerCall& call) {
  if (auto e = checkImageRank(call)) return *e;
  if (auto e = checkRgb(call)) return *e;
  return keepsImage(call);
}

/// Equalization returns its input's spec as its output's, dtype included.
Result<std::vector<TensorType>> keepsImageAndDType(const LayerCall& call) {
  if (auto e = checkImageRank(call)) return *e;
  return single(call.inputs[0]);
}

LayerSchema randomContrast() {
  return augmentationLayer(
      "RandomContrast", "scales each image's deviation from its mean by a random factor",
      {
          required("factor", AttrType::Any, "the contrast range: 1 - lower to 1 + upper").within(baseFactor(0, 1)),
          valueRangeAttr(),
          seedAttr(),
      });
}

LayerSchema randomBrightness() {
  return augmentationLayer("RandomBrightness", "adds a random offset, as a fraction of value_range, to images",
                           {
                               required("factor", AttrType::Any, "the offset range, as a fraction of value_range")
                                   .within(baseFactor(-1, 1, /*nullable=*/true)),
                               valueRangeAttr(),
                               seedAttr(),
                           });
}

LayerSchema randomGrayscale() {
  // rgb_to_grayscale takes 1 or 3 channels; the gray image is broadcast back to the input's
  // channels, and compute_output_spec returns the input's spec, dtype included.
  return augmentationLayer(
      "RandomGrayscale", "converts images to grayscale with probability factor, keeping the channels",
      {
          optional("factor", AttrType::Float, Value::number(0.5), "the probability of converting an image")
              .within(unitInterval()),
          seedAttr(),
      },
      [](const LayerCall& call) -> Result<std::vector<TensorType>> {
        if (auto e = checkImageRank(call)) return *e;
        if (std::optional<Dim> channels = channelsOf(call)) {
          std::optional<int64_t> count = channels->constantValue();
          if (count && *count != 1 && *count != 3)
            return makeError("RandomGrayscale expects RGB (3 channels) or grayscale (1 channel) images, got " +
                             std::to_string(*count) + " channels in the input " + call.inputs[0].shapeStr());
        }
        return single(call.inputs[0]);
      });
}

LayerSchema randomHue() {
  return augmentationLayer(
      "RandomHue", "shifts the hue of images by a random amount",
      {
          required("factor", AttrType::Any, "the strength of the hue shift; 0: none").within(baseFactor(0, 1)),
          valueRangeAttr(),
          seedAttr(),
      },
      keepsRgbImage);
}

LayerSchema randomSaturation() {
  return augmentationLayer(
      "RandomSaturation", "scales the saturation of images by a random factor",
      {
          required("factor", AttrType::Any, "the saturation range; 0.5 keeps it").within(baseFactor(-1, 1)),
          valueRangeAttr(),
          seedAttr(),
      },
      keepsRgbImage);
}

LayerSchema randomSharpness() {
  return augmentationLayer(
      "RandomSharpness", "sharpens or blurs images by a random amount",
      {
          required("factor", AttrType::Any, "the sharpness range; 0.5 keeps the image").within(baseFactor(0, 1)),
          valueRangeAttr(),
          seedAttr(),
      });
}

LayerSchema randomColorDegeneration() {
  // compute_output_shape itself rejects a known channel count other than 3.
  return augmentationLayer("RandomColorDegeneration", "blends images with their grayscale version at random",
                           {
                               required("factor", AttrType::Any, "the blend range").within(baseFactor(-1, 1)),
                               valueRangeAttr(),
                               seedAttr(),
                           },
                           keepsRgbImage);
}

LayerSchema randomColorJitter() {
  // Each factor given builds the corresponding layer, which checks it as that layer does.
  return augmentationLayer(
      "RandomColorJitter", "applies random brightness, contrast, saturation and hue changes, each if given",
      {
          valueRangeAttr(),
          optional("brightness_factor", AttrType::Any, Value::null(), "RandomBrightness' factor; null: none")
              .within(baseFactor(-1, 1, /*nullable=*/true)),
          optional("contrast_factor", AttrType::Any, Value::null(), "RandomContrast's factor; null: none")
              .within(baseFactor(0, 1, /*nullable=*/true)),
          optional("saturation_factor", AttrType::Any, Value::null(), "RandomSaturation's factor; null: none")
              .within(baseFactor(-1, 1, /*nullable=*/true)),
          optional("hue_factor", AttrType::Any, Value::null(), "RandomHue's factor; null: none")
              .within(baseFactor(0, 1, /*nullable=*/true)),
          seedAttr(),
          unusedBaseFactorAttr(),
      },
      [](const LayerCall& call) -> Result<std::vector<TensorType>> {
        if (call.attr("saturation_factor").isNull() && call.attr("hue_factor").isNull()) return keepsImage(call);
        return keepsRgbImage(call);
      });
}

LayerSchema randomPosterization() {
  return augmentationLayer("RandomPosterization", "keeps a random number of the high bits of each pixel value",
                           {
                               required("factor", AttrType::Any, "the range of bits kept").within(baseFactor(1, 8)),
                               valueRangeAttr(),
                               seedAttr(),
                           });
}

LayerSchema randomInvert() {
  return augmentationLayer("RandomInvert", "inverts images (high - x) with a probability",
                           {
                               optional("factor", AttrType::Any, Value::number(1.0), "the probability of inverting")
                                   .within(baseFactor(0, 1)),
                               valueRangeAttr(),
                               seedAttr(),
                           });
}

/// RandomGaussianBlur's kernel_size: an odd number, or a list of two odd numbers.
std::string oddKernelDomain(const Value& v) {
  auto odd = [](const Value& n) { return n.isNumber() && std::fabs(std::fmod(n.asNumber(), 2.0)) == 1.0; };
  bool ok = v.isNumber() ? odd(v) : v.isList() && v.items().size() == 2 && odd(v.items()[0]) && odd(v.items()[1]);
  return ok ? "" : "must be an odd integer or a list of two odd integers, got " + v.str();
}

LayerSchema randomGaussianBlur() {
  return augmentationLayer(
      "RandomGaussianBlur", "blurs images with a Gaussian kernel of random sigma",
      {
          optional("factor", AttrType::Any, Value::number(1.0), "the probability of blurring").within(baseFactor(0, 1)),
          optional("kernel_size", AttrType::Any, Value::integer(3), "the kernel size").within(oddKernelDomain),
          optional("sigma", AttrType::Any, Value::number(1.0), "the range of the kernel's sigma")
              .within(baseFactor(0, 1)),
          valueRangeAttr(),
          seedAttr(),
      });
}

LayerSchema solarization() {
  return augmentationLayer(
      "Solarization", "inverts pixel values above a (random) threshold",
      {
          optional("addition_factor", AttrType::Any, Value::number(0.0),
                   "the range of the value added before thresholding, as a fraction")
              .within(eachInInterval(0, 1)),
          optional("threshold_factor", AttrType::Any, Value::number(0.0), "the range of the threshold, as a fraction")
              .within(eachInInterval(0, 1)),
          valueRangeAttr(),
          seedAttr(),
      });
}

LayerSchema autoContrast() {
  return augmentationLayer("AutoContrast", "stretches each image's values to the whole value_range",
                           {valueRangeAttr()});
}

LayerSchema equalization() {
  return augmentationLayer(
      "Equalization", "equalizes the histogram of each channel of images",
      {
          valueRangeAttr(),
          optional("bins", AttrType::Int, Value::integer(256), "histogram bins").within(atLeast(1)),
          unusedBaseFactorAttr(),
      },
      keepsImageAndDType);
}

std::string tileGridDomain(const Value& v) {
  bool ok = v.items().size() == 2 && v.items()[0].asInt() >= 1 && v.items()[1].asInt() >= 1;
  return ok ? "" : "must be a list of two integers (rows, cols), each >= 1, got " + v.str();
}

LayerSchema clahe() {
  return augmentationLayer(
      "ContrastLimitedAdaptiveHistogramEqualization", "equalizes histograms per tile, with clipping (CLAHE)",
      {
          valueRangeAttr(),
          optional("clip_limit", AttrType::Float, Value::number(4.0), "the histogram clip limit; <= 0: no clipping"),
          optional("tile_grid_size", AttrType::IntList, Value::list({Value::integer(8), Value::integer(8)}),
                   "tiles along height and width")
              .within(tileGridDomain),
          unusedBaseFactorAttr(),
      });
}

}  // namespace

void registerColorAugmentationLayers(LayerCatalogue& catalogue) {
  catalogue.add(randomContrast());
  catalogue.add(randomBrightness());
  catalogue.add(randomGrayscale());
  catalogue.add(randomHue());
  catalogue.add(randomSaturation());
  catalogue.add(randomSharpness());
  catalogue.add(randomColorDegeneration());
  catalogue.add(randomColorJitter());
  catalogue.add(randomPosterization());
  catalogue.add(randomInvert());
  catalogue.add(randomGaussianBlur());
  catalogue.add(solarization());
  catalogue.add(autoContrast());
  catalogue.add(equalization());
  catalogue.add(clahe());
}

}  // namespace graphlint
