// Convolution layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerConvolutionLayers(LayerCatalogue&) {}

}  // namespace graphlint
