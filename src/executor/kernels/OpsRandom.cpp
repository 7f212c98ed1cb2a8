// Kernels of the random ops: dropout as a function (tf.nn.dropout, keras.random.dropout,
// torch's F.dropout). Unlike the Dropout layer, which is the identity at inference, these
// drop whenever they run, in Keras as in TensorFlow, so the kernel drops too: each element
// is zeroed with probability `rate` and the rest are scaled by 1 / (1 - rate).
//
// The draws cannot be Keras' own (TensorFlow's stateless Philox stream behind a seed
// generator), so a run matches Keras in distribution only, never element by element. The
// stream is graphlint's seeded Rng, keyed by the run's --seed, the op's `seed` argument (0
// when not given) and the node's name, so that a run is reproducible. rate 0 and rate 1 are exact (the input, and
// zeros), as Keras special-cases them; torch's F.dropout(training=False) is the identity.

#include <cstring>

#include "executor/Rng.h"
#include "executor/kernels/OpUtil.h"

namespace graphlint {
namespace {

/// The shape of the keep-or-drop draws: noise_shape with None entries taken from x, or x's shape.
Result<std::vector<int64_t>> noiseShape(const KernelArgs& args, const HostTensor& x) {
  const Value* given = opArg(args, "noise_shape");
  if (!given || given->isNull()) return x.shape();
  if (!given->isList() || given->items().size() != x.rank())
    return makeError("noise_shape " + given->str() + " must list one dim for each of the " + std::to_string(x.rank()) +
                     " axes of " + x.describe());
  std::vector<int64_t> shape;
  for (size_t d = 0; d < x.rank(); ++d) {
    const Value& v = given->items()[d];
    int64_t n = v.isNull() ? x.shape()[d] : v.isInt() ? v.asInt() : -1;
    if (n != 1 && n != x.shape()[d])
      return makeError("noise_shape " + given->str() + " does not broadcast to " + x.describe() + " (dim " +
                       std::to_string(d) + " must be 1 or " + std::to_string(x.shape()[d]) + ")");
    shape.push_back(n);
  }
  return shape;
}

/// torch's F.dropout(training=False) is the identity; keras.random.dropout and tf.nn.dropout always drop.
bool dropsAtAll(const KernelArgs& args) {
  if (!args.opArgs || !llvm::is_contained(args.opArgs->dropped, "training")) return true;
  const Value* training = args.node.config.find("training");
  return !training || !training->isBool() || training->asBool();
}

std::optional<Error> dropout(KernelArgs& args) {
  const HostTensor& x = *args.inputs[0];
  HostTensor& y = args.outputs[0];
  if (y.elementType() != x.elementType() || y.elementCount() != x.elementCount())
    return makeError("dropout output " + y.describe() + " differs from its input " + x.describe());
  const Value* rateArg = opArg(args, "rate");
  double rate = rateArg && rateArg->isNumber() ? rateArg->asNumber() : 0.5;
  if (rateArg && !rateArg->isNumber()) return makeError("dropout rate " + rateArg->str() + " is not a number");
  if (!(rate >= 0 && rate <= 1)) return makeError("dropout rate " + std::to_string(rate) + " is not in [0, 1]");
  if (rate == 0 || !dropsAtAll(args)) {
    copyInputToOutput(args);
    return std::nullopt;
  }
  Result<std::vector<int64_t>> noise = noiseShape(args, x);
  if (!noise) return noise.error();
  // The run's --seed, mixed with the op's own seed so that two ops seeded apart draw apart.
  const Value* seedArg = opArg(args, "seed");
  uint64_t opSeed = seedArg && seedArg->isInt() ? static_cast<uint64_t>(seedArg->asInt()) : 0;
  Rng rng = Rng::forStream(args.options.seed ^ (opSeed * 0x9e3779b97f4a7c15ull), args.node.name);
  std::vector<uint8_t> keep(static_cast<size_t>(productOf(*noise, 0, noise->size())));
  for (uint8_t& k : keep) k = rate < 1 && rng.uniform() >= rate;
  std::vector<int64_t> noiseStrides = broadcastStrides(*noise, x.shape()), none(x.rank(), 0);
  return withFloatType(x.elementType(), [&](auto tag) -> std::optional<Error> {
    using T = typename decltype(tag)::type;
    const T* in = x.data<T>().data();
    T* out = y.data<T>().data();
    T scale = static_cast<T>(rate < 1 ? 1 / (1 - rate) : 0);
    // Element by element with the draw it broadcasts from; in place is safe (same index).
    forEachBroadcast(x.shape(), noiseStrides, none, [&](int64_t i, int64_t k, int64_t) {
      out[i] = keep[static_cast<size_t>(k)] ? in[i] * scale : T(0);
    });
    return std::nullopt;
  });
}

}  // namespace

void registerOpRandomKernels(KernelRegistry& registry) {
  registry.addOp("dropout", {dropout, MaskRule::Drop, /*inPlace=*/true});
}

}  // namespace graphlint
