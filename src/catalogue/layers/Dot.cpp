// Dot layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerDotLayers(LayerCatalogue&) {}

}  // namespace graphlint
