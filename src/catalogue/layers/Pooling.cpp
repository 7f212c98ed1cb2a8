// Pooling layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerPoolingLayers(LayerCatalogue&) {}

}  // namespace graphlint
