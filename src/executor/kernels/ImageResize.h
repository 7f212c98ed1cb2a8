#pragma once
// Image resizing with TensorFlow 2's numerics, shared by the Resizing, CenterCrop and RandomCrop
// kernels and the image_resize op (keras.ops.image.resize, tf.image.resize): what
// tf.image.resize computes for each method (resize_bilinear, resize_nearest_neighbor and
// resize_bicubic with half-pixel centers, resize_area, and scale_and_translate for lanczos,
// gaussian, mitchellcubic and antialiased bilinear/bicubic), and Keras' crop or pad of an image
// to the target's aspect ratio before it.
//
// Images are channels-last floats; a channels_first tensor is resized as a batch of one-channel
// planes (every method treats channels alike).

#include <cstdint>
#include <optional>
#include <vector>

#include "llvm/ADT/StringRef.h"

namespace graphlint {

/// tf.image.ResizeMethod.
enum class ResizeMethod { Bilinear, Nearest, Bicubic, Area, Lanczos3, Lanczos5, Gaussian, MitchellCubic };

/// The method of a Keras `interpolation` or tf.image `method` name; nullopt for an unknown one.
std::optional<ResizeMethod> resizeMethodNamed(llvm::StringRef name);

/// `count` channels-last images of height x width cells of `channels` floats, stored one after
/// the other.
struct ImageBatch {
  int64_t count = 1, height = 1, width = 1, channels = 1;

  int64_t elements() const { return count * height * width * channels; }
  /// The same images at another size.
  ImageBatch resized(int64_t newHeight, int64_t newWidth) const { return {count, newHeight, newWidth, channels}; }
};

/// Resizes every image of `in` to height x width as tf.image.resize(method, antialias) does in
/// TensorFlow 2 (antialias only changes bilinear, bicubic and the scale_and_translate methods).
/// `out` holds in.resized(height, width).elements() floats.
void resizeImages(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width,
                  ResizeMethod method, bool antialias);

/// A rectangle of an image: rows [top, top + height), columns [left, left + width).
struct ImageWindow {
  int64_t top = 0, left = 0, height = 0, width = 0;
};

/// The centred window with the aspect ratio of targetHeight x targetWidth that Keras crops
/// before resizing (crop_to_aspect_ratio, smart_resize): the largest such window, at least one
/// cell on each side, offset by half the remainder rounded down.
ImageWindow aspectCropWindow(int64_t height, int64_t width, int64_t targetHeight, int64_t targetWidth);

/// Copies `window` of every image.
std::vector<float> cropImages(const float* in, const ImageBatch& from, const ImageWindow& window);

/// How keras.ops.image.resize fits an image to the target's aspect ratio before resizing.
enum class AspectFit { Stretch, Crop, Pad };

struct ResizeSpec {
  ResizeMethod method = ResizeMethod::Bilinear;
  bool antialias = false;
  AspectFit fit = AspectFit::Stretch;
  /// The value of padding cells (AspectFit::Pad).
  float fillValue = 0.0f;
};

/// keras.ops.image.resize with the TensorFlow backend on channels-last images: crop or pad each
/// image to the target's aspect ratio, then resize it to height x width.
void kerasResize(const float* in, const ImageBatch& from, float* out, int64_t height, int64_t width,
                 const ResizeSpec& spec);

}  // namespace graphlint
