// Shape families of image ops: resize. Semantics of keras/src/ops/image.py (Resize's
// compute_output_spec).

#include "catalogue/ops/OpFamilies.h"

namespace graphlint::ops {

Outputs resize(const OpCall& call) {
  const TensorType& in = call.tensors.front();
  const Value* size = call.arg("size");
  if (!size || !size->isList()) return call.unknownOutput();
  if (size->items().size() != 2) return call.error("size must be (height, width), got " + size->str());
  for (const Value& s : size->items())
    if (s.isInt() && s.asInt() <= 0) return call.error("size must be positive, got " + size->str());
  const Value* format = call.arg("data_format");
  bool channelsFirst = format && format->isString() && format->asString() == "channels_first";
  if (!in.hasRank()) return call.unknownOutput();
  if (in.rank() != 3 && in.rank() != 4) {
    std::string image = channelsFirst ? "channels, height, width" : "height, width, channels";
    return call.error("expected a 3-D (" + image + ") or 4-D (batch, " + image + ") input, got " + in.shapeStr());
  }
  Dims dims = *in.dims;
  size_t height = in.rank() - (channelsFirst ? 2 : 3);
  for (size_t i = 0; i < 2; ++i) {
    const Value& s = size->items()[i];
    dims[height + i] = s.isInt() ? Dim::constant(s.asInt()) : Dim::unknown();
  }
  return OpCall::one(TensorType::of(call.dtype, std::move(dims)));
}

}  // namespace graphlint::ops
