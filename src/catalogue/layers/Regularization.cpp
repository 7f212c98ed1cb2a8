// Regularization layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerRegularizationLayers(LayerCatalogue&) {}

}  // namespace graphlint
