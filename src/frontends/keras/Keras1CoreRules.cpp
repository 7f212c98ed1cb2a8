// Keras 1 core, embedding, normalization, noise, advanced-activation, recurrent and Merge
// layers. Sources: Keras 2.0-2.2 keras/legacy/interfaces.py (renames and value conversions)
// and keras/legacy/layers.py (layers kept only as deprecated), and Keras 1.2.2's get_config()
// methods (what a Keras 1 file writes).

#include "llvm/ADT/StringExtras.h"

#include "frontends/keras/Keras1Rules.h"

namespace graphlint {
namespace {

using Settings = Keras1Settings;

void inputLayer(Keras1Rewrite& r, const Settings&) { r.rename("input_dtype", "dtype"); }

void dense(Keras1Rewrite& r, const Settings&) {
  r.rename("output_dim", "units");
  renameWeightArguments(r);
}

void dropout(Keras1Rewrite& r, const Settings&) { r.rename("p", "rate"); }

void spatialDropout(Keras1Rewrite& r, const Settings& s) {
  r.rename("p", "rate");
  translateDimOrdering(r, s);
}

void embedding(Keras1Rewrite& r, const Settings&) {
  r.rename("init", "embeddings_initializer");
  r.rename("W_regularizer", "embeddings_regularizer");
  r.rename("W_constraint", "embeddings_constraint");
  r.drop("dropout", "Embedding has no dropout since Keras 2 (Keras 2 suggests a SpatialDropout1D after it)");
}

void batchNormalization(Keras1Rewrite& r, const Settings&) {
  if (const Value* mode = r.find("mode")) {
    if (!mode->isInt() || mode->asInt() != 0) {
      r.fail("BatchNormalization mode=" + mode->str() +
             " was removed in Keras 2: only mode 0 remains (feature-wise, with moving statistics at test "
             "time); mode 1 normalized each sample, mode 2 used the batch's statistics at test time too");
      return;
    }
    r.drop("mode", "mode 0, feature-wise normalization, is the only one since Keras 2");
  }
  r.rename("beta_init", "beta_initializer");
  r.rename("gamma_init", "gamma_initializer");
}

void gaussianNoise(Keras1Rewrite& r, const Settings&) { r.rename("sigma", "stddev"); }

void leakyRelu(Keras1Rewrite& r, const Settings&) { r.rename("alpha", "negative_slope"); }

void prelu(Keras1Rewrite& r, const Settings&) { r.rename("init", "alpha_initializer"); }

/// ReLU(threshold=theta) is x for x >= theta and 0 below: ThresholdedReLU but at x == theta.
void thresholdedRelu(Keras1Rewrite& r, const Settings&) { r.rename("theta", "threshold"); }

void removedInKeras2(Keras1Rewrite& r, const Settings&) {
  r.fail(r.keras1Class().str() + " was removed in Keras 2, and no Keras layer replaces it");
}

/// Highway and MaxoutDense: keras.legacy.layers in Keras 2, with their Keras 1 arguments.
void deprecatedInKeras2(Keras1Rewrite& r, const Settings&) {
  r.fail(r.keras1Class().str() +
         " was deprecated in Keras 2 (a legacy layer taking its Keras 1 arguments) and is not in Keras 3; "
         "no layer replaces it");
}

void lrn2d(Keras1Rewrite& r, const Settings&) {
  r.fail("LRN2D (local response normalization) is not a Keras 1 layer: Keras before 1.0 had it, and files "
         "that use it (caffe2keras models) define their own; no Keras layer replaces it");
}

void recurrent(Keras1Rewrite& r, const Settings&) {
  r.rename("output_dim", "units");
  renameWeightArguments(r);
  renameRecurrentArguments(r);
  if (const Value* consumeLess = r.find("consume_less"); consumeLess && consumeLess->isString()) {
    llvm::StringRef name = consumeLess->asString();
    int64_t implementation = name == "cpu" ? 0 : name == "mem" ? 1 : name == "gpu" ? 2 : -1;
    if (implementation >= 0)
      r.replace("consume_less", "implementation", Value::integer(implementation, consumeLess->loc()));
  }
  r.rename("consume_less", "implementation");
}

void lstm(Keras1Rewrite& r, const Settings& s) {
  recurrent(r, s);
  translateForgetBiasInit(r);
}

void gru(Keras1Rewrite& r, const Settings& s) {
  recurrent(r, s);
  r.add("reset_after", Value::boolean(false),
        "Keras 1's GRU applies the reset gate before the recurrent kernel, as today's GRU does only with "
        "reset_after=False (its default is True)");
}

struct MergeMode {
  const char* mode;
  const char* className;
};

constexpr MergeMode kMergeModes[] = {
    {"sum", "Add"},         {"mul", "Multiply"}, {"ave", "Average"}, {"max", "Maximum"},
    {"concat", "Concatenate"}, {"dot", "Dot"},   {"cos", "Dot"},
};

void merge(Keras1Rewrite& r, const Settings&) {
  const Value* mode = r.find("mode");
  const Value* modeType = r.find("mode_type");
  if ((mode && !mode->isString()) || (modeType && modeType->isString() && modeType->asString() != "raw")) {
    std::string kind = modeType && modeType->isString() ? " (mode_type \"" + modeType->asString().str() + "\")" : "";
    r.fail("Merge with a Python function as its mode" + kind +
           " cannot be translated: graphlint does not run Python code (today it would be a Lambda layer)");
    return;
  }
  std::string name = mode ? mode->asString().str() : "sum";  // Keras 1's default
  const MergeMode* target = nullptr;
  for (const MergeMode& m : kMergeModes)
    if (name == m.mode) target = &m;
  if (!target) {
    std::vector<std::string> modes;
    for (const MergeMode& m : kMergeModes) modes.push_back(m.mode);
    r.fail("Merge mode \"" + name + "\" is not one of " + llvm::join(modes, ", "));
    return;
  }
  r.setClass(target->className, "Merge(mode=\"" + name + "\") is " + target->className + " today");
  // Only a Python-function mode used these.
  for (const char* key : {"mode", "mode_type", "output_shape", "output_shape_type", "output_mask",
                          "output_mask_type", "arguments"})
    r.erase(key);
  if (name != "concat") r.erase("concat_axis");
  if (name != "dot" && name != "cos") r.erase("dot_axes");
  if (name == "concat") r.rename("concat_axis", "axis");
  if (name == "dot" || name == "cos") {
    if (r.find("dot_axes"))
      r.rename("dot_axes", "axes");
    else
      r.add("axes", Value::integer(-1), "Keras 1's default dot_axes");
  }
  if (name == "cos")
    r.add("normalize", Value::boolean(true),
          "mode \"cos\" is the cosine proximity: the dot product of the L2-normalized inputs");
}

constexpr Keras1Rule kRules[] = {
    {"InputLayer", nullptr, inputLayer},
    {"Dense", nullptr, dense},
    {"Dropout", nullptr, dropout},
    {"SpatialDropout1D", nullptr, dropout},
    {"SpatialDropout2D", nullptr, spatialDropout},
    {"SpatialDropout3D", nullptr, spatialDropout},
    {"Embedding", nullptr, embedding},
    {"BatchNormalization", nullptr, batchNormalization},
    {"GaussianNoise", nullptr, gaussianNoise},
    {"GaussianDropout", nullptr, dropout},
    {"LeakyReLU", nullptr, leakyRelu},
    {"PReLU", nullptr, prelu},
    {"ThresholdedReLU", "ReLU", thresholdedRelu},
    {"ParametricSoftplus", nullptr, removedInKeras2},
    {"SReLU", nullptr, removedInKeras2},
    {"Highway", nullptr, deprecatedInKeras2},
    {"MaxoutDense", nullptr, deprecatedInKeras2},
    {"LRN2D", nullptr, lrn2d},
    {"SimpleRNN", nullptr, recurrent},
    {"GRU", nullptr, gru},
    {"LSTM", nullptr, lstm},
    {"Merge", nullptr, merge},
};

}  // namespace

llvm::ArrayRef<Keras1Rule> keras1CoreRules() { return kRules; }

}  // namespace graphlint
