// Rows over reduced axes: the permutation that brings the reduced axes last, and back.

#include "executor/kernels/AxisRows.h"

#include <algorithm>
#include <cstring>

#include "executor/kernels/KernelUtil.h"

namespace graphlint {

Result<std::vector<size_t>> resolveKernelAxes(const Value& axis, size_t rank) {
  std::vector<int64_t> given;
  if (axis.isInt()) given.push_back(axis.asInt());
  else if (axis.isList())
    for (const Value& item : axis.items()) {
      if (!item.isInt()) return makeError("axis " + axis.str() + " must be an integer or a list of integers");
      given.push_back(item.asInt());
    }
  else
    return makeError("axis " + axis.str() + " must be an integer or a list of integers");
  std::vector<size_t> axes;
  int64_t r = static_cast<int64_t>(rank);
  for (int64_t a : given) {
    int64_t normalized = a < 0 ? a + r : a;
    if (normalized < 0 || normalized >= r)
      return makeError("axis " + std::to_string(a) + " is out of range for a rank-" + std::to_string(rank) + " input");
    if (std::find(axes.begin(), axes.end(), static_cast<size_t>(normalized)) != axes.end())
      return makeError("axis " + axis.str() + " names axis " + std::to_string(normalized) + " twice");
    axes.push_back(static_cast<size_t>(normalized));
  }
  std::sort(axes.begin(), axes.end());
  return axes;
}

AxisRows::AxisRows(const std::vector<int64_t>& shape, const std::vector<size_t>& axes) : shape_(shape) {
  for (size_t d = 0; d < shape.size(); ++d)
    if (std::find(axes.begin(), axes.end(), d) == axes.end()) {
      toRows_.push_back(d);
      rows_ *= shape[d];
    }
  for (size_t a : axes) {
    toRows_.push_back(a);
    rowLength_ *= shape[a];
  }
  fromRows_.resize(toRows_.size());
  for (size_t i = 0; i < toRows_.size(); ++i) {
    fromRows_[toRows_[i]] = i;
    rowsShape_.push_back(shape[toRows_[i]]);
    if (toRows_[i] != i) contiguous_ = false;
  }
}

void AxisRows::gather(const float* in, float* rows) const {
  if (contiguous_) {
    if (in != rows) std::memcpy(rows, in, static_cast<size_t>(rows_ * rowLength_) * sizeof(float));
    return;
  }
  transposeInto(reinterpret_cast<const uint8_t*>(in), shape_, toRows_, sizeof(float), reinterpret_cast<uint8_t*>(rows));
}

void AxisRows::scatter(const float* rows, float* out) const {
  if (contiguous_) {
    if (rows != out) std::memcpy(out, rows, static_cast<size_t>(rows_ * rowLength_) * sizeof(float));
    return;
  }
  transposeInto(reinterpret_cast<const uint8_t*>(rows), rowsShape_, fromRows_, sizeof(float),
                reinterpret_cast<uint8_t*>(out));
}

}  // namespace graphlint
