#pragma once
// Arguments every Keras recurrent layer takes alike (LSTM, GRU, SimpleRNN, ConvLSTM*D), and
// the LSTM bias initializer, in one place for the two families that register them.

#include <vector>

#include "catalogue/LayerSchema.h"
#include "catalogue/WeightRules.h"

namespace graphlint {

/// The weight regularizers and constraints of a recurrent layer.
inline std::vector<AttrSpec> recurrentRegularizerAttrs() {
  return {
      optional("kernel_regularizer", AttrType::Any, Value::null(), "input kernel regularizer"),
      optional("recurrent_regularizer", AttrType::Any, Value::null(), "recurrent kernel regularizer"),
      optional("bias_regularizer", AttrType::Any, Value::null(), "bias regularizer"),
      optional("activity_regularizer", AttrType::Any, Value::null(), "output regularizer"),
      optional("kernel_constraint", AttrType::Any, Value::null(), "input kernel constraint"),
      optional("recurrent_constraint", AttrType::Any, Value::null(), "recurrent kernel constraint"),
      optional("bias_constraint", AttrType::Any, Value::null(), "bias constraint"),
  };
}

/// The initializer of an LSTM or ConvLSTM cell's bias (4 * units,): with unit_forget_bias,
/// Keras builds it as bias_initializer for the input gate, ones for the forget gate, then
/// bias_initializer for the other two. Written as the initializer class `UnitForgetBias`,
/// `{class_name: UnitForgetBias, config: {units: N, initializer: <bias_initializer>}}`, which
/// graphlint's executor knows; without unit_forget_bias, bias_initializer itself.
inline Value lstmBiasInitializer(const LayerCall& call, int64_t units) {
  const Value& bias = call.attr("bias_initializer");
  if (!call.boolAttr("unit_forget_bias")) return bias;
  return initializerValue("UnitForgetBias", {{"units", Value::integer(units), {}}, {"initializer", bias, {}}});
}

}  // namespace graphlint
