#pragma once
// Keras 1 layers (keras_version 1.x, 2016-2017) in today's Keras names, so the layer catalogue
// can check Keras 1 models: the class renames, argument renames and value conversions Keras 2
// made when it read Keras 1 code (keras/legacy/interfaces.py and keras/legacy/layers.py in
// Keras 2.0-2.2), plus what Keras 3 changed since (GRU's reset_after default, LeakyReLU's
// negative_slope, no ThresholdedReLU).
//
// The config is the one a Keras 1 file writes; a wrapped layer is `{"class_name": C,
// "config": {...}}` as in the file (or `{layer: C, config: {...}}` as specs write it), and
// comes back in the same form.

#include <optional>
#include <string>
#include <vector>

#include "llvm/ADT/StringRef.h"

#include "ir/Value.h"

namespace graphlint {

struct Keras1Translation {
  /// Today's class (Conv2D), or the same name when nothing changed.
  std::string className;
  /// Today's argument names and values. Carried-over values keep their positions, and a
  /// renamed key keeps its key position; added values have none.
  Value config;
  /// One line per change, for a note to the user: "Convolution2D is Conv2D today",
  /// "nb_filter=64 -> filters=64", "border_mode=\"same\" -> padding=\"same\"".
  std::vector<std::string> changes;
  /// Set when the layer cannot be translated (Merge with a Python function as mode, a layer
  /// Keras 2 or 3 removed without replacement): why, for an error message. The other fields
  /// then hold what could be translated, not a config to check.
  std::optional<std::string> unsupported;
};

/// What a Keras 1 file leaves to the settings of the machine that saved it.
struct Keras1Settings {
  /// keras.json's image_dim_ordering, "th" or "tf", when the importer knows it (from the
  /// layers that saved their dim_ordering, say). Keras 1 used it for dim_ordering "default"
  /// and for layers that never saved theirs (ZeroPadding2D/3D, UpSampling2D/3D,
  /// Cropping2D/3D, SpatialDropout2D/3D). Anything else means unknown: such a layer's
  /// data_format then stays unset (channels_last today), with a change line saying so.
  std::string imageDimOrdering;
};

/// Translates one Keras 1 layer. Layers without Keras 1 differences come back unchanged. A
/// nested wrapped layer (TimeDistributed / Bidirectional `layer`) is translated too.
/// Arguments that declare the model's input (see isKeras1InputDeclaration) are kept as
/// written, for the importer.
Keras1Translation translateKeras1Layer(llvm::StringRef className, const Value& config,
                                       const Keras1Settings& settings = {});

/// Whether a key of a translated config declares the model's input rather than configuring
/// the layer of today's class `className`: batch_input_shape and input_dtype (which Keras 2
/// read as the input's dtype, unlike today's layer dtype), and input_dim and input_length
/// (Keras 2 made input_shape = (input_length, input_dim) of them) except on Embedding, whose
/// own arguments they are. InputLayer's batch_input_shape is its own argument too.
bool isKeras1InputDeclaration(llvm::StringRef className, llvm::StringRef key);

}  // namespace graphlint
