// Activations layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerActivationLayers(LayerCatalogue&) {}

}  // namespace graphlint
