// Regularization layers: SpatialDropout1D/2D/3D, GaussianNoise, GaussianDropout, AlphaDropout,
// ActivityRegularization (keras/src/layers/regularization/; Dropout is with the core layers).
// All are the identity at inference: the output has the input's shape, in the layer's dtype.

#include "catalogue/ShapeRules.h"

namespace graphlint {
namespace {

Result<std::vector<TensorType>> sameShape(const LayerCall& call) {
  return single(TensorType{computeDType(call), call.inputs[0].dims});
}

AttrSpec rateAttr(std::string doc) {
  // Keras: `if not 0 <= rate <= 1: raise ValueError`.
  return required("rate", AttrType::Float, std::move(doc)).within(unitInterval());
}

AttrSpec seedAttr() { return optional("seed", AttrType::Any, Value::null(), "random seed"); }

/// Keras' BaseSpatialDropout takes only rate, seed, name and dtype (plus data_format for 2-D
/// and 3-D); its input must have rank spatialRank + 2.
LayerSchema spatialDropout(size_t spatialRank) {
  LayerSchema s;
  s.className = "SpatialDropout" + std::to_string(spatialRank) + "D";
  s.family = "regularization";
  s.doc = "drops whole channels (feature maps) of a " + std::to_string(spatialRank + 2) +
          "-D input during training; identity at inference";
  s.attrs = {rateAttr("fraction of the channels to drop, in [0, 1]"), seedAttr()};
  if (spatialRank > 1)
    s.attrs.push_back(oneOf("data_format", {"channels_last", "channels_first"}, Value::null(),
                            "where the channel axis is; null means channels_last"));
  s.shape = [spatialRank](const LayerCall& call) -> Result<std::vector<TensorType>> {
    bool channelsFirst = spatialRank > 1 && isChannelsFirst(call);
    if (auto e = checkRank(call, 0, spatialRank + 2, spatialRank + 2,
                           spatialInputDescription(spatialRank, channelsFirst)))
      return *e;
    return sameShape(call);
  };
  return s;
}

LayerSchema gaussianNoise() {
  LayerSchema s;
  s.className = "GaussianNoise";
  s.family = "regularization";
  s.doc = "adds zero-centred Gaussian noise during training; identity at inference";
  s.attrs = {
      required("stddev", AttrType::Float, "standard deviation of the noise, in [0, 1]").within(unitInterval()),
      seedAttr(),
  };
  s.shape = sameShape;
  return s;
}

LayerSchema gaussianDropout() {
  LayerSchema s;
  s.className = "GaussianDropout";
  s.family = "regularization";
  s.doc = "multiplies by 1-centred Gaussian noise of stddev sqrt(rate / (1 - rate)) during training";
  s.attrs = {rateAttr("drop probability, in [0, 1]"), seedAttr()};
  s.shape = sameShape;
  return s;
}

LayerSchema alphaDropout() {
  LayerSchema s;
  s.className = "AlphaDropout";
  s.family = "regularization";
  s.doc = "dropout that keeps the mean and variance of its inputs (for SELU networks); identity at inference";
  s.attrs = {
      rateAttr("fraction of the inputs to drop, in [0, 1]"),
      optional("noise_shape", AttrType::Any, Value::null(), "shape of the dropout mask; null: the input's"),
      seedAttr(),
  };
  s.shape = sameShape;
  return s;
}

LayerSchema activityRegularization() {
  LayerSchema s;
  s.className = "ActivityRegularization";
  s.takesActivityRegularizer = false;  // it passes its own l1/l2 regularizer to the base class
  s.family = "regularization";
  s.doc = "adds l1*sum(|x|) + l2*sum(x^2) of its input to the loss; passes the input through";
  // Keras' L1L2 reads null as 0 and rejects negative factors.
  s.attrs = {
      optional("l1", AttrType::Any, Value::number(0.0), "L1 factor").within(numberOrNull(atLeast(0))),
      optional("l2", AttrType::Any, Value::number(0.0), "L2 factor").within(numberOrNull(atLeast(0))),
  };
  s.shape = sameShape;
  return s;
}

}  // namespace

void registerRegularizationLayers(LayerCatalogue& catalogue) {
  for (size_t rank : {1, 2, 3}) catalogue.add(spatialDropout(rank));
  catalogue.add(gaussianNoise());
  catalogue.add(gaussianDropout());
  catalogue.add(alphaDropout());
  catalogue.add(activityRegularization());
}

}  // namespace graphlint
