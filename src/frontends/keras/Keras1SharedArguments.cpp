// Argument conversions several Keras 1 layer families share (Keras 2's
// keras/legacy/interfaces.py lists them per layer).

#include "frontends/keras/Keras1Rules.h"

namespace graphlint {

void renameWeightArguments(Keras1Rewrite& r) {
  r.rename("init", "kernel_initializer");
  r.rename("W_regularizer", "kernel_regularizer");
  r.rename("b_regularizer", "bias_regularizer");
  r.rename("W_constraint", "kernel_constraint");
  r.rename("b_constraint", "bias_constraint");
  r.rename("bias", "use_bias");
  // Written by the caffe2keras fork of Keras 1 (the corpus' GoogLeNet): per-weight learning
  // rates are a training setting, not part of the model.
  for (const char* key : {"W_learning_rate_multiplier", "b_learning_rate_multiplier"})
    r.drop(key, "a training setting of the caffe2keras fork of Keras 1, not a Keras argument");
}

void renameRecurrentArguments(Keras1Rewrite& r) {
  r.rename("inner_init", "recurrent_initializer");
  r.rename("inner_activation", "recurrent_activation");
  r.rename("U_regularizer", "recurrent_regularizer");
  r.rename("dropout_W", "dropout");
  r.rename("dropout_U", "recurrent_dropout");
}

void translateForgetBiasInit(Keras1Rewrite& r) {
  const Value* init = r.find("forget_bias_init");
  if (!init) return;
  llvm::StringRef name = init->isString() ? init->asString() : "";
  if (name == "one" || name == "ones") {
    r.replace("forget_bias_init", "unit_forget_bias", Value::boolean(true, init->loc()));
  } else if (name == "zero" || name == "zeros") {
    r.replace("forget_bias_init", "unit_forget_bias", Value::boolean(false, init->loc()),
              "the forget gate's bias starts at zero with the other biases");
  } else {
    // Keras 2 ignored other initializers, with a warning.
    r.drop("forget_bias_init", "no argument replaces it; the forget gate's bias starts at one (unit_forget_bias)");
  }
}

void translateBorderMode(Keras1Rewrite& r) {
  const Value* mode = r.find("border_mode");
  if (mode && mode->isString() && mode->asString() == "full") {
    r.fail(r.keras1Class().str() + " border_mode=\"full\" (Theano only) has no equivalent since Keras 2: "
                                   "padding is \"valid\" or \"same\"");
    return;
  }
  r.rename("border_mode", "padding");
}

void translateDimOrdering(Keras1Rewrite& r, const Keras1Settings& settings) {
  const Value* ordering = r.find("dim_ordering");
  llvm::StringRef name = ordering && ordering->isString() ? ordering->asString() : "";
  auto dataFormat = [](llvm::StringRef dimOrdering) { return dimOrdering == "th" ? "channels_first" : "channels_last"; };
  if (name == "th" || name == "tf") {
    r.replace("dim_ordering", "data_format", Value::string(dataFormat(name), ordering->loc()));
    return;
  }
  if (ordering && name != "default") {
    r.rename("dim_ordering", "data_format");  // not a Keras 1 value: the catalogue reports it
    return;
  }
  // Keras 1 resolved "default" from keras.json when it built the layer, and some layers never
  // saved their dim_ordering at all.
  llvm::StringRef machine = settings.imageDimOrdering;
  if (machine == "th" || machine == "tf") {
    std::string why = "keras.json's image_dim_ordering was \"" + machine.str() + "\"";
    if (ordering)
      r.replace("dim_ordering", "data_format", Value::string(dataFormat(machine), ordering->loc()), why);
    else
      r.add("data_format", Value::string(dataFormat(machine)), "the config has no dim_ordering, and " + why);
    return;
  }
  llvm::StringRef unknown =
      "Keras 1 took keras.json's image_dim_ordering, which the file does not record; data_format is left "
      "unset (channels_last)";
  if (ordering)
    r.drop("dim_ordering", unknown);
  else
    r.note("the config has no dim_ordering: " + unknown.str());
}

}  // namespace graphlint
