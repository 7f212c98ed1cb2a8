// Normalization layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerNormalizationLayers(LayerCatalogue&) {}

}  // namespace graphlint
