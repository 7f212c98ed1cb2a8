#pragma once
// The fixes backend-op-on-symbolic-tensor suggests, rendered as Python a user can paste.

#include <optional>
#include <string>

#include "catalogue/ops/OpCatalogue.h"
#include "diagnostics/Finding.h"
#include "ir/Graph.h"
#include "passes/ShapeInference.h"

namespace graphlint {

/// What the suggestions are about: one op node, its catalogue match and inferred types.
struct BackendCall {
  const Node& node;
  const OpCatalogue::Match& match;  // entry null when the op is not in the catalogue
  const KerasArgs& args;            // the call's arguments in keras.ops names
  const NodeShapes& shapes;
};

/// `x + y` or `x[:, 0]`: the Python operator that calls the op on Keras 3 tensors, when the
/// call is one tf.keras recorded for that operator (tf.__operators__.add) or keras.ops has no
/// function for it (indexing). It then takes the place of kerasOpsSuggestion.
std::optional<Suggestion> operatorSuggestion(const BackendCall& call);

/// `keras.ops.one_hot(inputs, num_classes=10000)`, with notes on arguments it cannot carry.
std::optional<Suggestion> kerasOpsSuggestion(const BackendCall& call);

/// The catalogue's Keras layer alternative (`Concatenate(axis=1)`), if it has one.
std::optional<Suggestion> layerSuggestion(const BackendCall& call);

/// A custom Layer wrapping the op, with call, compute_output_shape and get_config.
Suggestion wrapperLayerSuggestion(const BackendCall& call);

/// For one_hot with a large depth: an Embedding instead, with the memory it saves.
std::optional<Suggestion> embeddingSuggestion(const BackendCall& call);

}  // namespace graphlint
