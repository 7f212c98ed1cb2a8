#pragma once
// Helpers shared by Keras' image layers (subclasses of BaseImagePreprocessingLayer: Resizing,
// CenterCrop and the augmentation layers): the arguments their base class takes, the checks
// their constructors make of factors and ranges, and the input they expect, a 3-D image or a
// 4-D batch of images.

#include <optional>
#include <vector>

#include "catalogue/ShapeRules.h"

namespace graphlint {

using AttrDomain = std::function<std::string(const Value&)>;

/// data_format and bounding_box_format, which every image layer takes through its base class.
std::vector<AttrSpec> imageBaseAttrs();

/// BaseImagePreprocessingLayer._set_factor with _FACTOR_BOUNDS (lo, hi): a number in [lo, hi]
/// (f stands for the range (max(-f, lo), f)) or a list of two numbers, of which Keras only
/// rejects a first number above hi or a second below lo. `nullable`: null is accepted (the
/// base class reads it as 0; RandomColorJitter as "skip this transform").
AttrDomain baseFactor(int64_t lo, int64_t hi, bool nullable = false);

/// A number, or a list of two numbers, each in [lo, hi] ((lo, hi] when `lowOpen`): the factors
/// of RandomZoom, RandomTranslation, RandomShear and Solarization.
AttrDomain eachInInterval(int64_t lo, int64_t hi, bool lowOpen = false, bool nullable = false);

/// `value_range`, a list of two numbers, (0, 255) by default.
AttrSpec valueRangeAttr();

/// `factor` for a layer that takes no factor of its own but passes its keyword arguments on
/// to BaseImagePreprocessingLayer, which accepts (and checks) one.
AttrSpec unusedBaseFactorAttr();

/// Fails unless input 0 is a 3-D image or a 4-D batch of images (an unknown rank passes); the
/// message spells the axes in the layer's data_format.
std::optional<Error> checkImageRank(const LayerCall& call);

/// The axis of the height of a ranked image input; the width follows it.
size_t imageHeightAxis(const LayerCall& call);
/// The axis of the channels of a ranked image input.
size_t imageChannelsAxis(const LayerCall& call);

/// An image layer whose output has its input's shape, in the compute dtype.
Result<std::vector<TensorType>> keepsImage(const LayerCall& call);

/// An augmentation layer (family "augmentation", no weights): its own arguments followed by
/// its base class's, and its shape rule.
LayerSchema augmentationLayer(std::string className, std::string doc, std::vector<AttrSpec> attrs,
                              ShapeRule shape = keepsImage);

/// The image input with its height and width set to the `height` and `width` attributes
/// (Resizing, CenterCrop, RandomCrop), in the compute dtype.
Result<std::vector<TensorType>> resizedImage(const LayerCall& call);

}  // namespace graphlint
