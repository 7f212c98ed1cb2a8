// Spatial layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerSpatialLayers(LayerCatalogue&) {}

}  // namespace graphlint
