#pragma once
// Element type conversion between host tensors, as NumPy's astype converts.

#include <vector>

#include "runtime/HostTensor.h"

namespace graphlint {

/// Converts every element of `from` into `to` (same element count; bool is 0/1, floats to
/// integers truncate toward zero as NumPy's astype does).
void convertElements(const HostTensor& from, HostTensor& to);

/// The elements of any numeric tensor as float (for reading constants and masks).
std::vector<float> toFloats(const HostTensor& tensor);

}  // namespace graphlint
