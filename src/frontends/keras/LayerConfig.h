#pragma once
// A layer's config as a file writes it, made into the Keras 3 constructor arguments the
// layer catalogue checks, the way Keras 3 itself reads older files.

#include <string>

#include "ir/Value.h"

namespace graphlint {

/// As Keras 3's loader does for configs of earlier versions
/// (keras/src/legacy/saving/saving_utils.py, model_from_config):
/// - `batch_input_shape` becomes `input_shape` (which Keras 3's base Layer accepts, with a
///   warning); on an InputLayer it becomes `batch_shape`;
/// - an `axis` written as a one-element list (`[3]`, Keras 2 BatchNormalization) becomes the
///   integer;
/// and for graphlint's IR:
/// - `dtype` policy objects (Keras 3 `DTypePolicy`, Keras 2 mixed precision `Policy`) become
///   the dtype the layer computes in (`mixed_float16` -> `float16`);
/// - a wrapped layer (`layer`, `backward_layer` of Bidirectional and TimeDistributed),
///   `{"class_name": C, "config": {...}}`, becomes `{layer: C, config: {...}}` as specs write
///   it, its config normalized the same way.
/// Everything else is kept as written, so the catalogue reports what Keras 3 would reject.
Value normalizeLayerConfig(llvm::StringRef className, const Value& config);
/// The same, consuming `config` (a tree the importer owns) instead of copying it.
Value normalizeLayerConfig(llvm::StringRef className, Value&& config);

/// The dtype a `dtype` value names: a string, or a policy object's `config.name`; mixed
/// precision policies name their compute dtype. Empty when there is none.
std::string dtypeName(const Value& dtype);

}  // namespace graphlint
