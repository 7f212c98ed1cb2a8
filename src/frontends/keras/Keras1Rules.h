#pragma once
// The Keras 1 layer classes graphlint translates, by family, and the argument conversions
// several families share. Internal to the Keras 1 translation (Keras1Layers.cpp).

#include "llvm/ADT/ArrayRef.h"

#include "frontends/keras/Keras1Layers.h"
#include "frontends/keras/Keras1Rewrite.h"

namespace graphlint {

struct Keras1Rule {
  const char* keras1Class;
  /// Today's class; null when the name did not change (or the rule picks it, as Merge does).
  const char* todayClass;
  void (*translate)(Keras1Rewrite&, const Keras1Settings&);
};

/// Core, embedding, normalization, noise, advanced activations, recurrent and Merge.
llvm::ArrayRef<Keras1Rule> keras1CoreRules();
/// Convolution, locally connected, convolutional recurrent, pooling, padding, cropping and
/// upsampling.
llvm::ArrayRef<Keras1Rule> keras1ConvolutionRules();

/// init, W_regularizer, b_regularizer, W_constraint, b_constraint and bias -> kernel_* /
/// bias_* / use_bias, as Dense and the convolutions had them.
void renameWeightArguments(Keras1Rewrite& r);
/// inner_init, inner_activation, U_regularizer, dropout_W and dropout_U -> recurrent_* and
/// dropout, as LSTM, GRU, SimpleRNN and ConvLSTM2D had them.
void renameRecurrentArguments(Keras1Rewrite& r);
/// LSTM's forget_bias_init -> unit_forget_bias.
void translateForgetBiasInit(Keras1Rewrite& r);
/// border_mode -> padding; Theano's "full" has no equivalent.
void translateBorderMode(Keras1Rewrite& r);
/// dim_ordering "tf" / "th" -> data_format "channels_last" / "channels_first"; "default",
/// or no dim_ordering, was keras.json's image_dim_ordering (Keras1Settings).
void translateDimOrdering(Keras1Rewrite& r, const Keras1Settings& settings);

}  // namespace graphlint
