// Kernels of the image layers that change an image's size, Resizing, CenterCrop and RandomCrop,
// and of the op image_resize (keras.ops.image.resize, tf.image.resize). All resize through
// ImageResize.h with TensorFlow's numerics: Keras 2 and Keras 3 with its default backend call
// tf.image.resize, so that is what both file versions compute.
//
// Integer images are computed in float32, as tf.image.resize does. Keras 3's Resizing and
// keras.ops.image.resize then round the result half to even and saturate it to the image's
// integer dtype; Keras 2's Resizing, CenterCrop, RandomCrop and tf.image.resize return float32.

#include "catalogue/ShapeRules.h"
#include "executor/kernels/ImageTensor.h"
#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// Resizes input 0 into output 0, whose height and width are the target's. `backToInteger`:
/// an integer input's result is rounded and saturated to the input's type, whatever the output's
/// (Keras 3 casts back to the input dtype where its static spec says float32).
std::optional<Error> resizeInto(KernelArgs& args, bool channelsFirst, const ResizeSpec& spec,
                                bool backToInteger = false) {
  Result<ImageBatch> from = imageBatchOf(*args.inputs[0], channelsFirst);
  if (!from) return from.error();
  Result<ImageBatch> to = imageBatchOf(args.outputs[0], channelsFirst);
  if (!to) return to.error();
  if (auto e = requireMatchingImages(args, *from, *to)) return e;
  if (from->height == 0 || from->width == 0 || to->height == 0 || to->width == 0)
    return makeError("cannot resize " + args.inputs[0]->describe() + " to " + args.outputs[0].describe() +
                     ": an image has no cells");
  FloatImage x(*args.inputs[0]);
  ImageOutput y(args.outputs[0], ToInteger::RoundHalfToEven);
  kerasResize(x.data(), *from, y.data(), to->height, to->width, spec);
  ElementType inputType = args.inputs[0]->elementType();
  if (backToInteger && isIntegerElement(inputType))
    saturateToInteger(y.data(), args.outputs[0].elementCount(), inputType, ToInteger::RoundHalfToEven);
  y.finish();
  return std::nullopt;
}

/// Keras' smart_resize as CenterCrop and RandomCrop use it: the largest centred window of the
/// target's aspect ratio, resized bilinearly.
ResizeSpec smartResize() { return ResizeSpec{ResizeMethod::Bilinear, false, AspectFit::Crop, 0.0f}; }

Result<ResizeMethod> methodNamed(const std::string& name) {
  if (std::optional<ResizeMethod> method = resizeMethodNamed(name)) return *method;
  return makeError("unknown interpolation '" + name +
                   "': expected bilinear, nearest, bicubic, area, lanczos3, lanczos5, gaussian or mitchellcubic");
}

Result<AspectFit> aspectFitOf(bool crop, bool pad) {
  if (crop && pad) return makeError("only one of crop_to_aspect_ratio and pad_to_aspect_ratio can be true, got both");
  return crop ? AspectFit::Crop : pad ? AspectFit::Pad : AspectFit::Stretch;
}

std::optional<Error> requireConstantFill(const std::string& fillMode) {
  if (fillMode == "constant") return std::nullopt;
  return makeError("fill_mode '" + fillMode + "' is not supported: Keras only pads with 'constant'");
}

std::optional<Error> resizing(KernelArgs& args) {
  const LayerCall& layer = *args.layer;
  Result<ResizeMethod> method = methodNamed(layer.stringAttr("interpolation"));
  if (!method) return method.error();
  // Keras 2 files have neither pad_to_aspect_ratio nor antialias: their defaults are Keras 2's
  // behaviour.
  Result<AspectFit> fit = aspectFitOf(layer.boolAttr("crop_to_aspect_ratio"), layer.boolAttr("pad_to_aspect_ratio"));
  if (!fit) return fit.error();
  if (auto e = requireConstantFill(layer.stringAttr("fill_mode"))) return e;
  ResizeSpec spec{*method, layer.boolAttr("antialias"), *fit, static_cast<float>(layer.floatAttr("fill_value"))};
  // Keras 3's layer rounds an integer image's result back to its dtype; Keras 2's returns the
  // float32 result.
  return resizeInto(args, isChannelsFirst(layer), spec, /*backToInteger=*/args.options.kerasMajor >= 3);
}

/// Keras 2 and 3 alike: an image at least as large as the target on both axes is cropped to its
/// centre (the odd cell of an odd difference stays at the end); any other is smart-resized.
std::optional<Error> centerCrop(KernelArgs& args) {
  bool channelsFirst = isChannelsFirst(*args.layer);
  Result<ImageBatch> from = imageBatchOf(*args.inputs[0], channelsFirst);
  if (!from) return from.error();
  Result<ImageBatch> to = imageBatchOf(args.outputs[0], channelsFirst);
  if (!to) return to.error();
  if (auto e = requireMatchingImages(args, *from, *to)) return e;
  int64_t extraRows = from->height - to->height, extraColumns = from->width - to->width;
  if (extraRows < 0 || extraColumns < 0) return resizeInto(args, channelsFirst, smartResize());
  FloatImage x(*args.inputs[0]);
  std::vector<float> window =
      cropImages(x.data(), *from, ImageWindow{extraRows / 2, extraColumns / 2, to->height, to->width});
  ImageOutput y(args.outputs[0], ToInteger::RoundHalfToEven);
  std::copy(window.begin(), window.end(), y.data());
  y.finish();
  return std::nullopt;
}

/// RandomCrop at inference. Keras 2 (and Keras 3 up to 3.5) smart-resize the image to the
/// target size: the largest centred window of its aspect ratio, resized bilinearly, which is
/// also what Keras 3.16 documents. Keras 3.6-3.7 instead slice a target-sized window from that
/// window's corner, and Keras 3.8 on return the input unchanged, whose shape then contradicts
/// the layer's own output shape; neither is reproduced. When the input already has the target
/// size, every version returns it unchanged, as this does.
std::optional<Error> randomCrop(KernelArgs& args) {
  return resizeInto(args, isChannelsFirst(*args.layer), smartResize());
}

// keras.ops.image.resize and tf.image.resize.

/// The string argument `name`, else its catalogue default (a quoted Python string), else `fallback`.
std::string opStringArg(const KernelArgs& args, llvm::StringRef name, llvm::StringRef fallback) {
  if (const Value* v = opArg(args, name); v && v->isString()) return v->asString().str();
  const OpParam* param = args.op ? args.op->findParam(name) : nullptr;
  if (param && param->defaultText) {
    llvm::StringRef text = *param->defaultText;
    if (text.size() >= 2 && (text.front() == '\'' || text.front() == '"')) return text.drop_front().drop_back().str();
  }
  return fallback.str();
}

/// A method as tf.image.resize also takes it: tf.image.ResizeMethod.BILINEAR is 'bilinear',
/// NEAREST_NEIGHBOR is 'nearest'.
std::string methodName(std::string name) {
  llvm::StringRef member = llvm::StringRef(name).rsplit('.').second;
  if (llvm::StringRef(name).startswith("ResizeMethod.") || llvm::StringRef(name).contains(".ResizeMethod."))
    name = member.lower();
  return name == "nearest_neighbor" ? "nearest" : name;
}

std::optional<Error> imageResize(KernelArgs& args) {
  Result<ResizeMethod> method = methodNamed(methodName(opStringArg(args, "interpolation", "bilinear")));
  if (!method) return method.error();
  Result<AspectFit> fit = aspectFitOf(opBoolArg(args, "crop_to_aspect_ratio"), opBoolArg(args, "pad_to_aspect_ratio"));
  if (!fit) return fit.error();
  if (auto e = requireConstantFill(opStringArg(args, "fill_mode", "constant"))) return e;
  std::string format = opStringArg(args, "data_format", "channels_last");
  if (format != "channels_last" && format != "channels_first")
    return makeError("data_format must be channels_last or channels_first, got '" + format + "'");
  ResizeSpec spec{*method, opBoolArg(args, "antialias"), *fit,
                  static_cast<float>(opNumberArg(args, "fill_value", 0.0))};
  // The output's height and width are the target size (tf.image.resize's preserve_aspect_ratio
  // has already shrunk it there). keras.ops.image.resize rounds an integer image's result back
  // to its dtype; tf.image.resize returns it in float32.
  bool kerasOp = llvm::StringRef(args.node.type).startswith("keras.");
  return resizeInto(args, format == "channels_first", spec, /*backToInteger=*/kerasOp);
}

}  // namespace

void registerImageKernels(KernelRegistry& registry) {
  registry.addLayer("Resizing", {resizing});
  registry.addLayer("CenterCrop", {centerCrop});
  registry.addLayer("RandomCrop", {randomCrop});
  registry.addOp("image_resize", {imageResize});
}

}  // namespace graphlint
