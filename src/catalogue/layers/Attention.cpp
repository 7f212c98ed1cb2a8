// Attention layers (being written).

#include "catalogue/ShapeRules.h"

namespace graphlint {

void registerAttentionLayers(LayerCatalogue&) {}

}  // namespace graphlint
