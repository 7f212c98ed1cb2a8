#pragma once
// How the image kernels (Image.cpp, ImageContrast.cpp) see their tensors: a 3-D image or 4-D
// batch in its data format as a batch of channels-last images, the input's values as float32
// (Keras casts integer images to the compute dtype first), and results written back in the
// output's element type.

#include <vector>

#include "executor/kernels/ImageResize.h"
#include "executor/kernels/KernelUtil.h"

namespace graphlint {

/// A 3-D (one image) or 4-D (a batch) tensor as channels-last images; channels_first data is
/// seen as one-channel planes, (N, C, H, W) as N*C images of (H, W, 1). Fails on another rank.
Result<ImageBatch> imageBatchOf(const HostTensor& tensor, bool channelsFirst);

/// The float32 values of a numeric tensor: its own data when it is float32, else a converted copy.
class FloatImage {
 public:
  explicit FloatImage(const HostTensor& tensor);
  const float* data() const { return data_; }

 private:
  std::vector<float> converted_;
  const float* data_;
};

/// How a float result becomes an integer output: Keras' round-then-saturate_cast (the resize
/// and contrast layers), or a plain cast that truncates (CLAHE).
enum class ToInteger { RoundHalfToEven, Truncate };

/// Whether an element type holds integers (bool included).
bool isIntegerElement(ElementType type);

/// Makes float results what converting them to the integer type `type` gives: rounded (half to
/// even) or truncated, then saturated to the type's range; NaN becomes 0.
void saturateToInteger(float* values, int64_t count, ElementType type, ToInteger toInteger);

/// Where a kernel writes float results for output 0: the output itself when it is float32, else
/// a scratch buffer that finish() converts into it.
class ImageOutput {
 public:
  ImageOutput(HostTensor& tensor, ToInteger toInteger);
  float* data() { return data_; }
  void finish();

 private:
  HostTensor& tensor_;
  ToInteger toInteger_;
  std::vector<float> scratch_;
  float* data_;
};

/// Fails unless input 0 and output 0 are images with the same number of images and channels.
std::optional<Error> requireMatchingImages(const KernelArgs& args, const ImageBatch& in, const ImageBatch& out);

}  // namespace graphlint
