// EinsumDense layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerEinsumDenseLayers(LayerCatalogue&) {}

}  // namespace graphlint
