#pragma once
// Arguments every Keras recurrent layer takes alike (LSTM, GRU, SimpleRNN, ConvLSTM*D), in one
// place for the two families that register them.

#include <vector>

#include "catalogue/LayerSchema.h"

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

}  // namespace graphlint
