// projectRows: sgemm, or a gather of weight rows by one-hot ids.

#include "executor/kernels/Projection.h"

#include <cstring>

#include "executor/Gemm.h"
#include "runtime/Convert.h"

namespace graphlint {

std::optional<Error> projectRows(const HostTensor& x, int64_t oneHotDepth, const float* w, int64_t rows,
                                 int64_t features, int64_t width, float* out) {
  if (oneHotDepth == 0) {
    if (x.elementType() != ElementType::Float32 || x.elementCount() != rows * features)
      return makeError("expected float32 input of " + std::to_string(rows) + " x " + std::to_string(features) +
                       " elements, got " + x.describe());
    sgemm(false, false, rows, width, features, 1.0f, x.data<float>().data(), features, w, width, 0.0f, out, width);
    return std::nullopt;
  }
  ElementType type = x.elementType();
  if (type == ElementType::Bool || type == ElementType::Float16 || type == ElementType::Float32 ||
      type == ElementType::Float64)
    return makeError("one_hot needs integer ids, got " + x.describe());
  if (x.elementCount() != rows || features != oneHotDepth)
    return makeError("the ids " + x.describe() + " do not make " + std::to_string(rows) + " one-hot rows of depth " +
                     std::to_string(features));
  Result<HostTensor> ids = HostTensor::zeros(ElementType::Int64, x.shape());
  if (!ids) return ids.error();
  convertElements(x, *ids);
  size_t rowBytes = static_cast<size_t>(width) * sizeof(float);
  for (int64_t r = 0; r < rows; ++r) {
    int64_t id = ids->data<int64_t>()[static_cast<size_t>(r)];
    if (id >= 0 && id < oneHotDepth) std::memcpy(out + r * width, w + id * width, rowBytes);
    else std::memset(out + r * width, 0, rowBytes);  // Keras' one_hot gives an all-zero row
  }
  return std::nullopt;
}

}  // namespace graphlint
