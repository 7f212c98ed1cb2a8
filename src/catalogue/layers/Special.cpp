// Special layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerSpecialLayers(LayerCatalogue&) {}

}  // namespace graphlint
