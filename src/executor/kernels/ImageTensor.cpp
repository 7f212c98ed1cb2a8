// Image tensors as the image kernels see them (see ImageTensor.h).

#include "executor/kernels/ImageTensor.h"

#include <cmath>
#include <limits>

namespace graphlint {

Result<ImageBatch> imageBatchOf(const HostTensor& tensor, bool channelsFirst) {
  const std::vector<int64_t>& s = tensor.shape();
  if (s.size() != 3 && s.size() != 4)
    return makeError("expected a 3-D image or a 4-D batch of images, got " + tensor.describe());
  int64_t batch = s.size() == 4 ? s[0] : 1;
  size_t first = s.size() - 3;  // the first axis of the image itself
  if (channelsFirst) return ImageBatch{batch * s[first], s[first + 1], s[first + 2], 1};
  return ImageBatch{batch, s[first], s[first + 1], s[first + 2]};
}

FloatImage::FloatImage(const HostTensor& tensor) {
  if (tensor.elementType() == ElementType::Float32) {
    data_ = tensor.data<float>().data();
    return;
  }
  converted_ = toFloats(tensor);
  data_ = converted_.data();
}

ImageOutput::ImageOutput(HostTensor& tensor, ToInteger toInteger) : tensor_(tensor), toInteger_(toInteger) {
  if (tensor.elementType() == ElementType::Float32) {
    data_ = tensor.data<float>().data();
    return;
  }
  scratch_.resize(static_cast<size_t>(tensor.elementCount()));
  data_ = scratch_.data();
}

namespace {

/// The range of an integer element type, its upper ends rounded down to floats (the values pass
/// through a float tensor) so that the conversion cannot overflow.
std::pair<double, double> integerRange(ElementType type) {
  switch (type) {
    case ElementType::Bool: return {0, 1};
    case ElementType::Int8: return {-128, 127};
    case ElementType::UInt8: return {0, 255};
    case ElementType::Int16: return {-32768, 32767};
    case ElementType::Int32: return {-2147483648.0, 2147483520.0};
    default: return {-9223372036854775808.0, 9223371487098961920.0};
  }
}

}  // namespace

bool isIntegerElement(ElementType type) {
  return type != ElementType::Float16 && type != ElementType::Float32 && type != ElementType::Float64;
}

void saturateToInteger(float* values, int64_t count, ElementType type, ToInteger toInteger) {
  auto [low, high] = integerRange(type);
  for (int64_t i = 0; i < count; ++i) {
    auto v = static_cast<double>(values[i]);
    double x = toInteger == ToInteger::RoundHalfToEven ? std::nearbyint(v) : std::trunc(v);
    values[i] = static_cast<float>(std::isnan(x) ? 0.0 : std::min(std::max(x, low), high));
  }
}

void ImageOutput::finish() {
  if (tensor_.elementType() == ElementType::Float32) return;
  if (isIntegerElement(tensor_.elementType()))
    saturateToInteger(scratch_.data(), static_cast<int64_t>(scratch_.size()), tensor_.elementType(), toInteger_);
  Result<HostTensor> values = HostTensor::fromValues<float>(tensor_.shape(), scratch_);
  if (values) convertElements(*values, tensor_);
}

std::optional<Error> requireMatchingImages(const KernelArgs& args, const ImageBatch& in, const ImageBatch& out) {
  if (in.count == out.count && in.channels == out.channels) return std::nullopt;
  return makeError("the output " + args.outputs[0].describe() + " does not hold the images of the input " +
                   args.inputs[0]->describe());
}

}  // namespace graphlint
