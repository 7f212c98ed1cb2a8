// ConvRecurrent layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerConvRecurrentLayers(LayerCatalogue&) {}

}  // namespace graphlint
