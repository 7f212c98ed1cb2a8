// Image augmentation layers that move pixels (keras/src/layers/preprocessing/image_preprocessing/,
// Keras 3.15): random flip, rotation, zoom, translation, shear, perspective, elastic transform,
// crop and erasing, and the mixing and policy layers MixUp, CutMix, RandAugment and AugMix.
// Colour transforms are in ColorAugmentation.cpp. All act on a 3-D image or a 4-D batch of
// images, have no weights, and keep the input's shape, except RandomCrop.
//
// Factors are checked as Keras' constructors check them, so a config Keras accepts is accepted
// here, quirks included (see baseFactor).

#include "catalogue/ImageLayers.h"

namespace graphlint {
namespace {

AttrSpec seedAttr() { return optional("seed", AttrType::Any, Value::null(), "random seed"); }

AttrSpec interpolationAttr() {
  return oneOf("interpolation", {"nearest", "bilinear"}, Value::string("bilinear"), "interpolation method");
}

AttrSpec fillModeAttr(std::vector<std::string> modes) {
  return oneOf("fill_mode", std::move(modes), Value::string("reflect"), "how points outside the image are filled");
}

AttrSpec fillValueAttr() {
  return optional("fill_value", AttrType::Float, Value::number(0.0),
                  "the value outside the image for fill_mode constant");
}

// Geometric transforms.

const std::vector<std::string> kAffineFillModes = {"reflect", "wrap", "constant", "nearest"};

LayerSchema randomFlip() {
  return augmentationLayer("RandomFlip", "flips images horizontally and/or vertically at random",
                           {
                               oneOf("mode", {"horizontal", "vertical", "horizontal_and_vertical"},
                                     Value::string("horizontal_and_vertical"), "which flips to apply"),
                               seedAttr(),
                           });
}

LayerSchema randomRotation() {
  return augmentationLayer("RandomRotation", "rotates images by a random fraction of a full turn",
                           {
                               required("factor", AttrType::Any, "the rotation range, as a fraction of 2*pi")
                                   .within(baseFactor(-1, 1, /*nullable=*/true)),
                               fillModeAttr(kAffineFillModes),
                               interpolationAttr(),
                               seedAttr(),
                               fillValueAttr(),
                           });
}

LayerSchema randomZoom() {
  return augmentationLayer("RandomZoom", "zooms images in or out at random",
                           {
                               required("height_factor", AttrType::Any, "the vertical zoom range, as a fraction")
                                   .within(eachInInterval(-1, 1, /*lowOpen=*/true)),
                               optional("width_factor", AttrType::Any, Value::null(),
                                        "the horizontal zoom range; null keeps the aspect ratio")
                                   .within(eachInInterval(-1, 1, /*lowOpen=*/true, /*nullable=*/true)),
                               fillModeAttr(kAffineFillModes),
                               interpolationAttr(),
                               seedAttr(),
                               fillValueAttr(),
                           });
}

LayerSchema randomTranslation() {
  return augmentationLayer("RandomTranslation", "shifts images by a random fraction of their height and width",
                           {
                               required("height_factor", AttrType::Any, "the vertical shift range, as a fraction")
                                   .within(eachInInterval(-1, 1)),
                               required("width_factor", AttrType::Any, "the horizontal shift range, as a fraction")
                                   .within(eachInInterval(-1, 1)),
                               fillModeAttr(kAffineFillModes),
                               interpolationAttr(),
                               seedAttr(),
                               fillValueAttr(),
                           });
}

LayerSchema randomShear() {
  return augmentationLayer("RandomShear", "shears images along x and y by random amounts",
                           {
                               optional("x_factor", AttrType::Any, Value::number(0.0), "the shear range along x")
                                   .within(eachInInterval(0, 1)),
                               optional("y_factor", AttrType::Any, Value::number(0.0), "the shear range along y")
                                   .within(eachInInterval(0, 1)),
                               interpolationAttr(),
                               fillModeAttr(kAffineFillModes),
                               fillValueAttr(),
                               seedAttr(),
                           });
}

LayerSchema randomPerspective() {
  return augmentationLayer(
      "RandomPerspective", "applies a random perspective transform to images",
      {
          optional("factor", AttrType::Any, Value::number(1.0), "the probability of the transform")
              .within(baseFactor(0, 1)),
          optional("scale", AttrType::Float, Value::number(1.0), "how far corners may move").within(unitInterval()),
          interpolationAttr(),
          fillValueAttr(),
          seedAttr(),
      });
}

LayerSchema randomElasticTransform() {
  return augmentationLayer(
      "RandomElasticTransform", "distorts images with a random smooth displacement field",
      {
          optional("factor", AttrType::Any, Value::number(1.0), "the probability of the transform")
              .within(baseFactor(0, 1)),
          optional("scale", AttrType::Any, Value::number(1.0), "the displacement strength").within(baseFactor(0, 1)),
          interpolationAttr(),
          fillModeAttr({"constant", "nearest", "wrap", "mirror", "reflect"}),
          fillValueAttr(),
          valueRangeAttr(),
          seedAttr(),
      });
}

LayerSchema randomCrop() {
  // Training crops a random (height, width) window; inference resizes the largest centred
  // window of the target's aspect ratio (smart_resize): the output is (height, width) either way.
  return augmentationLayer("RandomCrop", "crops a random (height, width) window of images",
                           {
                               required("height", AttrType::Int, "output height").within(atLeast(1)),
                               required("width", AttrType::Int, "output width").within(atLeast(1)),
                               seedAttr(),
                               unusedBaseFactorAttr(),
                           },
                           resizedImage);
}

LayerSchema randomErasing() {
  return augmentationLayer(
      "RandomErasing", "erases a random rectangle of images",
      {
          optional("factor", AttrType::Any, Value::number(1.0), "the probability of erasing").within(baseFactor(0, 1)),
          optional("scale", AttrType::Any, Value::list({Value::number(0.02), Value::number(0.33)}),
                   "the range of the erased area, as a fraction of the image")
              .within(baseFactor(0, 1)),
          optional("fill_value", AttrType::Any, Value::null(), "the value of erased pixels; null: noise")
              .within(numberOrNull()),
          valueRangeAttr(),
          seedAttr(),
      });
}

// Mixing and policy layers.

LayerSchema mixUp() {
  return augmentationLayer(
      "MixUp", "blends pairs of images of a batch (and their labels, given a dict)",
      {
          optional("alpha", AttrType::Float, Value::number(0.2), "the Beta distribution's parameter"),
          seedAttr(),
          unusedBaseFactorAttr(),
      });
}

LayerSchema cutMix() {
  return augmentationLayer(
      "CutMix", "pastes a patch of another image of the batch into each image",
      {
          optional("factor", AttrType::Any, Value::number(1.0), "the range of the patch area ratio")
              .within(baseFactor(0, 1)),
          seedAttr(),
      });
}

/// RandAugment's and AugMix' factor, passed on to RandomShear, which checks each number.
AttrSpec policyFactorAttr(double defaultValue) {
  return optional("factor", AttrType::Any, Value::number(defaultValue), "the strength of the operations")
      .within(eachInInterval(0, 1));
}

LayerSchema randAugment() {
  return augmentationLayer(
      "RandAugment", "applies num_ops random operations from a fixed list to each image",
      {
          valueRangeAttr(),
          optional("num_ops", AttrType::Int, Value::integer(2), "operations per image").within(atLeast(0)),
          policyFactorAttr(0.5),
          interpolationAttr(),
          seedAttr(),
      });
}

LayerSchema augMix() {
  return augmentationLayer(
      "AugMix", "mixes num_chains chains of random operations with the original image",
      {
          valueRangeAttr(),
          optional("num_chains", AttrType::Int, Value::integer(3), "chains to mix").within(atLeast(1)),
          optional("chain_depth", AttrType::Int, Value::integer(3), "operations per chain").within(atLeast(0)),
          policyFactorAttr(0.3),
          optional("alpha", AttrType::Float, Value::number(1.0), "the Beta and Dirichlet distributions' parameter"),
          optional("all_ops", AttrType::Bool, Value::boolean(true),
                   "also use brightness, colour degeneration, contrast and sharpness"),
          interpolationAttr(),
          seedAttr(),
      });
}

}  // namespace

void registerAugmentationLayers(LayerCatalogue& catalogue) {
  catalogue.add(randomFlip());
  catalogue.add(randomRotation());
  catalogue.add(randomZoom());
  catalogue.add(randomTranslation());
  catalogue.add(randomShear());
  catalogue.add(randomPerspective());
  catalogue.add(randomElasticTransform());
  catalogue.add(randomCrop());
  catalogue.add(randomErasing());
  catalogue.add(mixUp());
  catalogue.add(cutMix());
  catalogue.add(randAugment());
  catalogue.add(augMix());
}

}  // namespace graphlint
