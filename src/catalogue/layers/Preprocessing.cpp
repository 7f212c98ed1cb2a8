// Preprocessing layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerPreprocessingLayers(LayerCatalogue&) {}

}  // namespace graphlint
