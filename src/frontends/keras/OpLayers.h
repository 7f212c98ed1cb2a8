#pragma once
// tf.keras 2 wrapped every TensorFlow function called on a symbolic tensor into a layer:
// TFOpLambda (`tf.one_hot(x, 10)`), SlicingOpLambda (`x[:, 0]`, `tf.boolean_mask`),
// TensorFlowOpLayer (TF 2.0-2.3: a raw graph op), ClassMethod, InstanceMethod and
// InstanceProperty (`x.shape`). Keras 3 knows none of these classes, so each blocks loading
// the model there. graphlint reads them back as the function calls they were.

#include <optional>
#include <string>

#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"

namespace graphlint {

bool isOpLayerClass(llvm::StringRef className);

/// The qualified function an op layer calls (`tf.one_hot`, `tf.__operators__.getitem`,
/// `tf.raw_ops.AddV2`, `tf.Tensor.shape`), from its class and config; nullopt when the
/// config does not say.
std::optional<std::string> opLayerFunction(llvm::StringRef className, const Value& config);

/// Keras 3 serializes a keras.ops call in a functional model as an operation entry whose
/// `module` is where the op class lives (`keras.src.ops.numpy`, class `OneHot`): the
/// keras.ops function it is (`keras.ops.one_hot`, `keras.ops.image.resize`); nullopt for
/// entries of other modules (layers).
std::optional<std::string> kerasOpFunction(llvm::StringRef module, llvm::StringRef className);

}  // namespace graphlint
