#pragma once
// NumPy-style indices as tf.keras serializes them for `x[...]` (tf.__operators__.getitem's
// `slice_spec`): one item, or a list of items (the Python tuple; SavedModel metadata writes
// it as {"class_name": "__tuple__", "items": [...]}). An item is
//   an integer                      picks one entry and removes the axis (negative counts
//                                   from the end);
//   {start, stop, step}             a slice, each an integer or null, all three keys present;
//   null                            np.newaxis / tf.newaxis: a new axis of size 1;
//   {"class_name": "__ellipsis__"}  `...`: as many full slices as the other items leave.
// (tf.keras: keras/layers/core/tf_op_layer.py `_slice_to_dict`, and the Ellipsis and tuple
// encodings of keras/saving/legacy/saved_model/json_utils.py.)

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/ArrayRef.h"

#include "ir/Value.h"

namespace graphlint {

struct IndexItem {
  enum class Kind { Index, Slice, NewAxis, Ellipsis };
  Kind kind = Kind::Index;
  int64_t index = 0;  // Kind::Index
  std::optional<int64_t> start, stop, step;  // Kind::Slice; nullopt is None
};

/// The items of a slice_spec; nullopt for anything else (a tensor index, a boolean mask, a
/// float, an integer beyond Dim::kMaxLiteral), which graphlint does not follow.
std::optional<std::vector<IndexItem>> parseSliceSpec(const Value& spec);

/// The subscript as Python writes it: `:, 0`, `1:-1, None, ...`, `::2`, `()` for no items.
std::string subscriptText(llvm::ArrayRef<IndexItem> items);

}  // namespace graphlint
