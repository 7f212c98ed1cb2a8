// Kernels of the spatial resizing layers: ZeroPadding1D/2D/3D, Cropping1D/2D/3D and
// UpSampling1D/2D/3D (nearest, and UpSampling2D's other interpolations as tf.image.resize).
//
// These move whole cells, so channels_first data is handled where it lies, seen as
// (batch*channels, spatial..., 1); padding, cropping and nearest upsampling copy bytes and run
// on any element type.

#include <algorithm>
#include <cmath>
#include <cstring>

#include "catalogue/ShapeRules.h"
#include "executor/kernels/ImageResize.h"
#include "executor/kernels/SpatialUtil.h"

namespace graphlint {
namespace {

bool channelsFirstOf(const LayerCall& call) { return call.schema.findAttr("data_format") && isChannelsFirst(call); }

std::optional<Error> requireRank(const KernelArgs& args, size_t rank) {
  const HostTensor& x = *args.inputs[0];
  if (x.rank() == rank + 2 && args.outputs[0].rank() == rank + 2 && x.elementType() == args.outputs[0].elementType())
    return std::nullopt;
  return makeError("expected a rank-" + std::to_string(rank + 2) + " input and output of one type, got " +
                   x.describe() + " -> " + args.outputs[0].describe());
}

/// `padding` or `cropping` per spatial axis as (before, after), as Keras reads it: one integer
/// for every side; for 1-D layers [before, after]; otherwise one entry per axis, an integer or
/// [before, after]. The shape pass has validated the form already.
Result<std::vector<std::pair<int64_t, int64_t>>> readAmounts(const Value& v, size_t rank) {
  auto pair = [](const Value& item) -> std::optional<std::pair<int64_t, int64_t>> {
    if (item.isInt()) return std::make_pair(item.asInt(), item.asInt());
    if (item.isList() && item.items().size() == 2 && item.items()[0].isInt() && item.items()[1].isInt())
      return std::make_pair(item.items()[0].asInt(), item.items()[1].asInt());
    return std::nullopt;
  };
  std::vector<std::pair<int64_t, int64_t>> amounts;
  if (v.isInt()) {
    amounts.assign(rank, {v.asInt(), v.asInt()});
  } else if (rank == 1 && pair(v)) {
    amounts.push_back(*pair(v));
  } else if (rank > 1 && v.isList() && v.items().size() == rank) {
    for (const Value& item : v.items()) {
      if (!pair(item)) return makeError("cannot read the amounts " + v.str());
      amounts.push_back(*pair(item));
    }
  } else {
    return makeError("cannot read the amounts " + v.str());
  }
  return amounts;
}

/// out cell o holds in cell o + shift (per axis), or zeros where that lies outside the input.
/// Runs along the last spatial axis are copied whole.
void shiftCopy(const uint8_t* x, const SpatialShape& in, uint8_t* y, const SpatialShape& out,
               const std::array<int64_t, 3>& shift, size_t elementSize) {
  size_t cell = static_cast<size_t>(out.channels) * elementSize;
  // The output columns whose input column exists.
  int64_t first = std::clamp<int64_t>(-shift[2], 0, out.size[2]);
  int64_t last = std::clamp<int64_t>(in.size[2] - shift[2], first, out.size[2]);
  for (int64_t b = 0; b < out.batch; ++b)
    for (int64_t od = 0; od < out.size[0]; ++od)
      for (int64_t oh = 0; oh < out.size[1]; ++oh) {
        uint8_t* row = y + static_cast<size_t>(((b * out.size[0] + od) * out.size[1] + oh) * out.size[2]) * cell;
        int64_t id = od + shift[0], ih = oh + shift[1];
        if (id < 0 || id >= in.size[0] || ih < 0 || ih >= in.size[1]) {
          std::memset(row, 0, static_cast<size_t>(out.size[2]) * cell);
          continue;
        }
        std::memset(row, 0, static_cast<size_t>(first) * cell);
        if (last > first) {
          int64_t source = ((b * in.size[0] + id) * in.size[1] + ih) * in.size[2] + first + shift[2];
          std::memcpy(row + first * cell, x + static_cast<size_t>(source) * cell, static_cast<size_t>(last - first) * cell);
        }
        std::memset(row + last * cell, 0, static_cast<size_t>(out.size[2] - last) * cell);
      }
}

enum class Edit { Pad, Crop };

std::optional<Error> padOrCrop(KernelArgs& args, Edit edit, size_t rank) {
  if (auto e = requireRank(args, rank)) return e;
  const LayerCall& call = *args.layer;
  auto amounts = readAmounts(call.attr(edit == Edit::Pad ? "padding" : "cropping"), rank);
  if (!amounts) return amounts.error();
  bool channelsFirst = channelsFirstOf(call);
  SpatialShape in = perChannelShapeOf(args.inputs[0]->shape(), channelsFirst);
  SpatialShape out = perChannelShapeOf(args.outputs[0].shape(), channelsFirst);
  std::array<int64_t, 3> shift = {0, 0, 0};
  for (size_t i = 0; i < rank; ++i) {
    size_t axis = 3 - rank + i;
    auto [before, after] = (*amounts)[i];
    int64_t expected = edit == Edit::Pad ? in.size[axis] + before + after : in.size[axis] - before - after;
    if (expected != out.size[axis])
      return makeError("the output " + args.outputs[0].describe() + " does not fit the input " +
                       args.inputs[0]->describe() + " with these amounts");
    shift[axis] = edit == Edit::Pad ? -before : before;
  }
  shiftCopy(args.inputs[0]->bytes().data(), in, args.outputs[0].bytes().data(), out, shift,
            elementByteSize(args.outputs[0].elementType()));
  return std::nullopt;
}

/// Each output cell copies input cell floor(o / factor) per axis.
void upsampleNearest(const uint8_t* x, const SpatialShape& in, uint8_t* y, const SpatialShape& out,
                     size_t elementSize) {
  size_t cell = static_cast<size_t>(out.channels) * elementSize;
  for (int64_t b = 0; b < out.batch; ++b)
    for (int64_t od = 0; od < out.size[0]; ++od)
      for (int64_t oh = 0; oh < out.size[1]; ++oh) {
        int64_t id = od * in.size[0] / out.size[0], ih = oh * in.size[1] / out.size[1];
        const uint8_t* source = x + static_cast<size_t>(((b * in.size[0] + id) * in.size[1] + ih) * in.size[2]) * cell;
        uint8_t* row = y + static_cast<size_t>(((b * out.size[0] + od) * out.size[1] + oh) * out.size[2]) * cell;
        for (int64_t ow = 0; ow < out.size[2]; ++ow)
          std::memcpy(row + ow * cell, source + (ow * in.size[2] / out.size[2]) * cell, cell);
      }
}

std::optional<Error> upSample(KernelArgs& args, size_t rank) {
  if (auto e = requireRank(args, rank)) return e;
  const LayerCall& call = *args.layer;
  bool channelsFirst = channelsFirstOf(call);
  SpatialShape in = perChannelShapeOf(args.inputs[0]->shape(), channelsFirst);
  SpatialShape out = perChannelShapeOf(args.outputs[0].shape(), channelsFirst);
  for (size_t a = 0; a < 3; ++a)
    if (in.size[a] == 0 || out.size[a] % in.size[a] != 0)
      return makeError("the output " + args.outputs[0].describe() + " is not a whole multiple of the input " +
                       args.inputs[0]->describe());
  std::string interpolation = call.schema.findAttr("interpolation") ? call.stringAttr("interpolation") : "nearest";
  // Area resizing by a whole factor takes each output cell from one input cell: nearest.
  if (interpolation == "nearest" || interpolation == "area") {
    upsampleNearest(args.inputs[0]->bytes().data(), in, args.outputs[0].bytes().data(), out,
                    elementByteSize(args.outputs[0].elementType()));
    return std::nullopt;
  }
  // UpSampling2D's other methods are tf.image.resize's (Keras 2's resize_images, Keras 3's
  // ops.image.resize), without antialiasing.
  std::optional<ResizeMethod> method = resizeMethodNamed(interpolation);
  if (!method) return makeError("interpolation '" + interpolation + "' is not a resize method");
  if (auto e = requireFloat32(args)) return e;
  ImageBatch images{in.batch * in.size[0], in.size[1], in.size[2], in.channels};
  resizeImages(inputData(args, 0), images, outputData(args, 0), out.size[1], out.size[2], *method, false);
  return std::nullopt;
}

}  // namespace

void registerSpatialKernels(KernelRegistry& registry) {
  for (size_t rank : {1, 2, 3}) {
    std::string r = std::to_string(rank) + "D";
    // None of them supports masking in Keras: a mask stops here.
    registry.addLayer("ZeroPadding" + r, {[rank](KernelArgs& args) { return padOrCrop(args, Edit::Pad, rank); }});
    registry.addLayer("Cropping" + r, {[rank](KernelArgs& args) { return padOrCrop(args, Edit::Crop, rank); }});
    registry.addLayer("UpSampling" + r, {[rank](KernelArgs& args) { return upSample(args, rank); }});
  }
}

}  // namespace graphlint
