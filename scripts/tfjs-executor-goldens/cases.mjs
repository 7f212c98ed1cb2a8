// The golden cases for graphlint's executor: small TF.js functional models, one kernel family
// each (or a few closely related layers), with explicit layer names so that output files and
// weight names are stable. Read by goldens.mjs.
//
// A case is {name, about, inputs, build, notes?}:
//   inputs: [{name, shape (without batch), range: [lo, hi]}] for float32 inputs, or
//           [{name, shape, ids: VOCABULARY, zeros: true?}] for int32 ids (zeros: padding that
//           a mask_zero Embedding masks out), or [{..., zeroSteps: true}] for float32 inputs
//           with whole time steps of zeros (for Masking).
//   build(L, inputs) returns the model's outputs; L is tf.layers.
//   notes: facts the executor's author should know about this case (copied into case.json).

// TF.js's LSTM and GRU default to recurrent_activation='hard_sigmoid' (Keras 2 standalone);
// tf.keras and Keras 3 default to 'sigmoid'. Cases set 'sigmoid' explicitly, except
// recurrent_hard_sigmoid, which keeps TF.js's default. TF.js writes "unit_forget_bias": null
// for an LSTM that was not given it; the kernel cases set it (it only affects initial weights),
// while recurrent_hard_sigmoid and text_classifier keep the null, as real TF.js files have it.

const ACTIVATIONS = [
  'linear', 'relu', 'relu6', 'sigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'elu', 'selu',
  'swish', 'mish', 'gelu',
];

const activationCases = ACTIVATIONS.map((activation) => ({
  name: `dense_${activation}`,
  about: `Dense(5, activation='${activation}') on inputs in [-3, 3]`,
  inputs: [{ name: 'x', shape: [6], range: [-3, 3] }],
  build: (L, [x]) => [L.dense({ units: 5, activation, name: `dense_${activation}` }).apply(x)],
}));

export const CASES = [
  ...activationCases,
  {
    name: 'dense_hard_sigmoid',
    about: "Dense(5, activation='hard_sigmoid'), TF.js's (Keras 2's) definition",
    inputs: [{ name: 'x', shape: [6], range: [-4, 4] }],
    build: (L, [x]) => [L.dense({ units: 5, activation: 'hardSigmoid', name: 'dense_hard_sigmoid' }).apply(x)],
    notes: [
      'hard_sigmoid here is Keras 2\'s clip(0.2 * x + 0.5, 0, 1); Keras 3 uses relu6(x + 3) / 6',
      'the file says keras_version "tfjs-layers 4.22.0", which follows Keras 2',
    ],
  },
  {
    name: 'dense_gelu_new',
    about: "Dense(5, activation='gelu_new'): TF.js's name for GELU's tanh approximation",
    inputs: [{ name: 'x', shape: [6], range: [-3, 3] }],
    build: (L, [x]) => [L.dense({ units: 5, activation: 'gelu_new', name: 'dense_gelu_new' }).apply(x)],
    notes: ["'gelu_new' is TF.js-only; it equals Keras' gelu(x, approximate=True)"],
  },
  {
    name: 'dense_no_bias_3d',
    about: 'Dense(4, use_bias=False) on a rank-3 input: the kernel applies to the last axis',
    inputs: [{ name: 'x', shape: [3, 5], range: [-1, 1] }],
    build: (L, [x]) => [L.dense({ units: 4, useBias: false, name: 'dense_3d' }).apply(x)],
  },
  {
    name: 'activation_layers',
    about: 'Activation, ReLU, ReLU(max_value), LeakyReLU, ELU, ThresholdedReLU on one input',
    inputs: [{ name: 'x', shape: [3, 4], range: [-3, 3] }],
    build: (L, [x]) => [
      L.activation({ activation: 'tanh', name: 'activation_tanh' }).apply(x),
      L.reLU({ name: 'relu' }).apply(x),
      L.reLU({ maxValue: 1.5, name: 'relu_max' }).apply(x),
      L.leakyReLU({ alpha: 0.2, name: 'leaky_relu' }).apply(x),
      L.elu({ name: 'elu' }).apply(x),
      L.thresholdedReLU({ theta: 0.7, name: 'thresholded_relu' }).apply(x),
    ],
    notes: ['TF.js ReLU has only max_value (no negative_slope, threshold); ELU only alpha=1.0'],
  },
  {
    name: 'prelu',
    about: 'PReLU with a full alpha [3, 4], and with shared_axes=[1] (alpha [1, 4])',
    inputs: [{ name: 'x', shape: [3, 4], range: [-3, 3] }],
    build: (L, [x]) => [
      L.prelu({ name: 'prelu' }).apply(x),
      L.prelu({ sharedAxes: [1], name: 'prelu_shared' }).apply(x),
    ],
  },
  {
    name: 'softmax_layer',
    about: 'Softmax layer over the last axis, on a rank-3 input',
    inputs: [{ name: 'x', shape: [3, 4], range: [-3, 3] }],
    build: (L, [x]) => [L.softmax({ axis: -1, name: 'softmax_last' }).apply(x)],
    notes: ['TF.js cannot take a softmax along any other axis than the last, and its Softmax layer defaults to axis 1'],
  },
  {
    name: 'conv1d',
    about: 'Conv1D: valid; same with strides 2; same with dilation 2 (10 steps, 3 channels)',
    inputs: [{ name: 'x', shape: [10, 3], range: [-1, 1] }],
    build: (L, [x]) => [
      L.conv1d({ filters: 4, kernelSize: 3, padding: 'valid', name: 'conv1d_valid' }).apply(x),
      L.conv1d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', name: 'conv1d_same_s2' }).apply(x),
      L.conv1d({ filters: 2, kernelSize: 3, dilationRate: 2, padding: 'same', activation: 'relu', name: 'conv1d_dilated' }).apply(x),
    ],
    notes: ["TF.js has no padding='causal' for Conv1D (NotImplementedError)"],
  },
  {
    name: 'conv2d',
    about: 'Conv2D on 7x6x3: valid 3x3; same 3x3 strides 2 (asymmetric padding); valid 3x2 dilation 2 without bias',
    inputs: [{ name: 'x', shape: [7, 6, 3], range: [-1, 1] }],
    build: (L, [x]) => [
      L.conv2d({ filters: 4, kernelSize: 3, padding: 'valid', name: 'conv2d_valid' }).apply(x),
      L.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', name: 'conv2d_same_s2' }).apply(x),
      L.conv2d({ filters: 2, kernelSize: [3, 2], dilationRate: 2, useBias: false, name: 'conv2d_dilated' }).apply(x),
    ],
  },
  {
    name: 'conv2d_same_even_kernel',
    about: 'Conv2D same with an even 2x4 kernel and strides (1, 2): padding split unevenly',
    inputs: [{ name: 'x', shape: [5, 7, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.conv2d({ filters: 3, kernelSize: [2, 4], strides: [1, 2], padding: 'same', name: 'conv2d_even' }).apply(x),
    ],
  },
  {
    name: 'conv3d',
    about: 'Conv3D on 4x5x4x2: valid 2x2x2; same 3x3x3 strides 2',
    inputs: [{ name: 'x', shape: [4, 5, 4, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.conv3d({ filters: 3, kernelSize: 2, padding: 'valid', name: 'conv3d_valid' }).apply(x),
      L.conv3d({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', name: 'conv3d_same_s2' }).apply(x),
    ],
  },
  {
    name: 'conv2d_transpose',
    about: 'Conv2DTranspose on 3x4x3: same 3x3 strides 2; valid 3x3 strides 2; valid 2x2 strides 1',
    inputs: [{ name: 'x', shape: [3, 4, 3], range: [-1, 1] }],
    build: (L, [x]) => [
      L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', name: 'deconv_same_s2' }).apply(x),
      L.conv2dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'valid', name: 'deconv_valid_s2' }).apply(x),
      L.conv2dTranspose({ filters: 3, kernelSize: 2, padding: 'valid', name: 'deconv_valid' }).apply(x),
    ],
    notes: ['kernel shape is (kh, kw, filters, in_channels), as in Keras'],
  },
  {
    name: 'conv3d_transpose',
    about: 'Conv3DTranspose on 2x3x2x2: same 3x3x3 strides 2',
    inputs: [{ name: 'x', shape: [2, 3, 2, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.conv3dTranspose({ filters: 2, kernelSize: 3, strides: 2, padding: 'same', name: 'deconv3d_same_s2' }).apply(x),
    ],
  },
  {
    name: 'depthwise_conv2d',
    about: 'DepthwiseConv2D depth_multiplier 2: same 3x3; valid 3x3 strides 2',
    inputs: [{ name: 'x', shape: [6, 5, 3], range: [-1, 1] }],
    build: (L, [x]) => [
      L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'depthwise_same' }).apply(x),
      L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, strides: 2, padding: 'valid', name: 'depthwise_valid_s2' }).apply(x),
    ],
    notes: ['output channel c * depth_multiplier + m comes from input channel c, multiplier m'],
  },
  {
    name: 'separable_conv2d',
    about: 'SeparableConv2D: same 3x3 depth_multiplier 2 with bias; valid strides 2 depth_multiplier 1',
    inputs: [{ name: 'x', shape: [6, 5, 3], range: [-1, 1] }],
    build: (L, [x]) => [
      L.separableConv2d({ filters: 4, kernelSize: 3, depthMultiplier: 2, padding: 'same', name: 'separable_same' }).apply(x),
      L.separableConv2d({ filters: 2, kernelSize: 3, strides: 2, padding: 'valid', name: 'separable_valid_s2' }).apply(x),
    ],
  },
  {
    name: 'pooling1d',
    about: 'Max/AveragePooling1D on 7 steps: pool 2 valid; pool 3 strides 2 same (padded edge)',
    inputs: [{ name: 'x', shape: [7, 3], range: [-2, 2] }],
    build: (L, [x]) => [
      L.maxPooling1d({ poolSize: 2, padding: 'valid', name: 'max1d_valid' }).apply(x),
      L.maxPooling1d({ poolSize: 3, strides: 2, padding: 'same', name: 'max1d_same' }).apply(x),
      L.averagePooling1d({ poolSize: 2, padding: 'valid', name: 'avg1d_valid' }).apply(x),
      L.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg1d_same' }).apply(x),
    ],
    notes: ['same-padding average pooling divides by the number of real (unpadded) cells'],
  },
  {
    name: 'pooling2d',
    about: 'Max/AveragePooling2D on 5x6x2: 2x2 valid; 3x3 strides 2 same (padded edges)',
    inputs: [{ name: 'x', shape: [5, 6, 2], range: [-2, 2] }],
    build: (L, [x]) => [
      L.maxPooling2d({ poolSize: 2, padding: 'valid', name: 'max2d_valid' }).apply(x),
      L.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'max2d_same' }).apply(x),
      L.averagePooling2d({ poolSize: 2, padding: 'valid', name: 'avg2d_valid' }).apply(x),
      L.averagePooling2d({ poolSize: 3, strides: 2, padding: 'same', name: 'avg2d_same' }).apply(x),
    ],
    notes: ['same-padding average pooling divides by the number of real (unpadded) cells'],
  },
  {
    name: 'pooling3d',
    about: 'Max/AveragePooling3D on 3x4x5x2: 2x2x2 valid; 2x2x2 same (padded edges)',
    inputs: [{ name: 'x', shape: [3, 4, 5, 2], range: [-2, 2] }],
    build: (L, [x]) => [
      L.maxPooling3d({ poolSize: 2, padding: 'valid', name: 'max3d_valid' }).apply(x),
      L.maxPooling3d({ poolSize: 2, padding: 'same', name: 'max3d_same' }).apply(x),
      L.averagePooling3d({ poolSize: 2, padding: 'valid', name: 'avg3d_valid' }).apply(x),
      L.averagePooling3d({ poolSize: 2, padding: 'same', name: 'avg3d_same' }).apply(x),
    ],
    notes: ['same-padding average pooling divides by the number of real (unpadded) cells'],
  },
  {
    name: 'global_pooling',
    about: 'GlobalAverage/GlobalMaxPooling 1D (5x3) and 2D (4x3x2)',
    inputs: [
      { name: 'seq', shape: [5, 3], range: [-2, 2] },
      { name: 'img', shape: [4, 3, 2], range: [-2, 2] },
    ],
    build: (L, [seq, img]) => [
      L.globalAveragePooling1d({ name: 'gap1d' }).apply(seq),
      L.globalMaxPooling1d({ name: 'gmp1d' }).apply(seq),
      L.globalAveragePooling2d({ name: 'gap2d' }).apply(img),
      L.globalMaxPooling2d({ name: 'gmp2d' }).apply(img),
    ],
    notes: ['TF.js has no GlobalAveragePooling3D / GlobalMaxPooling3D'],
  },
  {
    name: 'batch_normalization',
    about: 'BatchNormalization (inference, moving statistics): epsilon 0.01 on (4,); channels of a 3x4x2 input; no center/scale',
    inputs: [
      { name: 'x', shape: [4], range: [-2, 2] },
      { name: 'img', shape: [3, 4, 2], range: [-2, 2] },
    ],
    build: (L, [x, img]) => [
      L.batchNormalization({ epsilon: 0.01, name: 'bn_vector' }).apply(x),
      L.batchNormalization({ axis: 3, epsilon: 0.001, name: 'bn_channels' }).apply(img),
      L.batchNormalization({ center: false, scale: false, name: 'bn_plain' }).apply(img),
    ],
    notes: [
      'only the last axis: on any other axis of a rank > 2 input TF.js 4.22 (CPU) normalizes wrongly '
        + '(it applies the statistics by flat element index modulo the channel count)',
    ],
  },
  {
    name: 'layer_normalization',
    about: 'LayerNormalization over the last axis (epsilon 0.001), over axes [1, 2], and without center/scale',
    inputs: [{ name: 'x', shape: [3, 4], range: [-2, 2] }],
    build: (L, [x]) => [
      L.layerNormalization({ epsilon: 0.001, name: 'ln_last' }).apply(x),
      L.layerNormalization({ axis: [1, 2], name: 'ln_both' }).apply(x),
      L.layerNormalization({ center: false, scale: false, name: 'ln_plain' }).apply(x),
    ],
    notes: ['statistics are over the normalized axes of each sample, never over the batch'],
  },
  {
    name: 'embedding',
    about: 'Embedding(vocabulary 10, dim 4) on int32 ids of length 5',
    inputs: [{ name: 'ids', shape: [5], ids: 10 }],
    build: (L, [ids]) => [L.embedding({ inputDim: 10, outputDim: 4, name: 'embedding' }).apply(ids)],
  },
  {
    name: 'embedding_mask_zero_lstm',
    about: 'Embedding(mask_zero) -> LSTM(3): id 0 masks its time step',
    inputs: [{ name: 'ids', shape: [6], ids: 8, zeros: true }],
    build: (L, [ids]) => {
      const embedded = L.embedding({ inputDim: 8, outputDim: 3, maskZero: true, name: 'embedding' }).apply(ids);
      return [
        L.lstm({ units: 3, recurrentActivation: 'sigmoid', unitForgetBias: true, returnSequences: true, name: 'lstm_seq' }).apply(embedded),
        L.lstm({ units: 3, recurrentActivation: 'sigmoid', unitForgetBias: true, name: 'lstm_last' }).apply(embedded),
      ];
    },
    notes: [
      'sample 0 ends in two 0 ids, sample 1 has a 0 id at step 1: masked steps keep the state',
      'with return_sequences a masked step outputs the previous output (zeros before any unmasked step)',
    ],
  },
  {
    name: 'masking_lstm',
    about: 'Masking(0.0) -> LSTM(3): time steps that are all zeros are skipped',
    inputs: [{ name: 'x', shape: [5, 2], range: [-1, 1], zeroSteps: true }],
    build: (L, [x]) => {
      const masked = L.masking({ maskValue: 0, name: 'masking' }).apply(x);
      return [L.lstm({ units: 3, recurrentActivation: 'sigmoid', unitForgetBias: true, returnSequences: true, name: 'lstm' }).apply(masked)];
    },
    notes: ['sample 0 ends in two all-zero steps, sample 1 has an all-zero step 1'],
  },
  {
    name: 'simple_rnn',
    about: 'SimpleRNN(3): return_sequences; go_backwards; return_state',
    inputs: [{ name: 'x', shape: [4, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.simpleRNN({ units: 3, returnSequences: true, name: 'rnn_seq' }).apply(x),
      L.simpleRNN({ units: 3, goBackwards: true, name: 'rnn_backwards' }).apply(x),
      ...L.simpleRNN({ units: 3, returnState: true, activation: 'relu', name: 'rnn_state' }).apply(x),
    ],
  },
  {
    name: 'lstm',
    about: 'LSTM(3): return_sequences + return_state (output, h, c); go_backwards',
    inputs: [{ name: 'x', shape: [4, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      ...L.lstm({ units: 3, recurrentActivation: 'sigmoid', unitForgetBias: true, returnSequences: true, returnState: true, name: 'lstm_seq_state' }).apply(x),
      L.lstm({ units: 3, recurrentActivation: 'sigmoid', unitForgetBias: true, goBackwards: true, name: 'lstm_backwards' }).apply(x),
    ],
    notes: ['gate order in kernel columns is i, f, c, o; go_backwards returns its last (= first-in-time) output'],
  },
  {
    name: 'gru',
    about: 'GRU(3, reset_after=False): return_sequences; go_backwards with return_state',
    inputs: [{ name: 'x', shape: [4, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.gru({ units: 3, recurrentActivation: 'sigmoid', returnSequences: true, name: 'gru_seq' }).apply(x),
      ...L.gru({ units: 3, recurrentActivation: 'sigmoid', goBackwards: true, returnState: true, name: 'gru_backwards_state' }).apply(x),
    ],
    notes: [
      'TF.js supports only reset_after=False (bias [3 * units]); reset_after=True needs hand-computed cases',
      'gate order in kernel columns is z, r, h',
    ],
  },
  {
    name: 'recurrent_hard_sigmoid',
    about: "LSTM(3) and GRU(3) with TF.js's default recurrent_activation='hard_sigmoid'",
    inputs: [{ name: 'x', shape: [4, 2], range: [-2, 2] }],
    build: (L, [x]) => [
      L.lstm({ units: 3, returnSequences: true, name: 'lstm' }).apply(x),
      L.gru({ units: 3, returnSequences: true, name: 'gru' }).apply(x),
    ],
    notes: ["hard_sigmoid here is Keras 2's clip(0.2 * x + 0.5, 0, 1)"],
  },
  {
    name: 'bidirectional',
    about: 'Bidirectional(LSTM(2)) with merge_mode concat, sum, mul, ave; Bidirectional(GRU(2)) return_sequences',
    inputs: [{ name: 'x', shape: [4, 3], range: [-1, 1] }],
    build: (L, [x]) => [
      ...['concat', 'sum', 'mul', 'ave'].map((mergeMode) => L.bidirectional({
        layer: L.lstm({ units: 2, recurrentActivation: 'sigmoid', unitForgetBias: true, name: `lstm_${mergeMode}` }), mergeMode, name: `bidirectional_${mergeMode}`,
      }).apply(x)),
      L.bidirectional({ layer: L.gru({ units: 2, recurrentActivation: 'sigmoid', returnSequences: true, name: 'gru' }), name: 'bidirectional_gru_seq' }).apply(x),
    ],
    notes: ['with return_sequences the backward outputs are reversed back to input time order before merging'],
  },
  {
    name: 'time_distributed_dense',
    about: 'TimeDistributed(Dense(3, relu)) over 4 steps',
    inputs: [{ name: 'x', shape: [4, 5], range: [-1, 1] }],
    build: (L, [x]) => [
      L.timeDistributed({ layer: L.dense({ units: 3, activation: 'relu', name: 'dense' }), name: 'time_distributed' }).apply(x),
    ],
  },
  {
    name: 'merges',
    about: 'Add, Multiply, Average, Maximum, Minimum (two and three inputs), Concatenate on axes -1 and 1',
    inputs: [
      { name: 'a', shape: [3, 4], range: [-2, 2] },
      { name: 'b', shape: [3, 4], range: [-2, 2] },
      { name: 'c', shape: [3, 4], range: [-2, 2] },
    ],
    build: (L, [a, b, c]) => [
      L.add({ name: 'add' }).apply([a, b]),
      L.add({ name: 'add3' }).apply([a, b, c]),
      L.multiply({ name: 'multiply' }).apply([a, b]),
      L.average({ name: 'average' }).apply([a, b, c]),
      L.maximum({ name: 'maximum' }).apply([a, b]),
      L.minimum({ name: 'minimum' }).apply([a, b, c]),
      L.concatenate({ name: 'concat_last' }).apply([a, b]),
      L.concatenate({ axis: 1, name: 'concat_axis1' }).apply([a, c]),
    ],
    notes: ['TF.js has no Subtract layer'],
  },
  {
    name: 'merges_broadcast',
    about: 'Add and Multiply broadcasting inputs of shapes (3, 4) and (1, 4) (without batch)',
    inputs: [
      { name: 'a', shape: [3, 4], range: [-2, 2] },
      { name: 'b', shape: [1, 4], range: [-2, 2] },
    ],
    build: (L, [a, b]) => [
      L.add({ name: 'add' }).apply([a, b]),
      L.multiply({ name: 'multiply' }).apply([a, b]),
    ],
  },
  {
    name: 'dot',
    about: 'Dot on vectors (axes 1, with and without normalize) and on sequences (axes [2, 2], [1, 1])',
    inputs: [
      { name: 'u', shape: [4], range: [-2, 2] },
      { name: 'v', shape: [4], range: [-2, 2] },
      { name: 'p', shape: [3, 4], range: [-1, 1] },
      { name: 'q', shape: [3, 4], range: [-1, 1] },
    ],
    build: (L, [u, v, p, q]) => [
      L.dot({ axes: 1, name: 'dot' }).apply([u, v]),
      L.dot({ axes: 1, normalize: true, name: 'dot_cosine' }).apply([u, v]),
      L.dot({ axes: [2, 2], name: 'dot_seq_features' }).apply([p, q]),
      L.dot({ axes: [1, 1], name: 'dot_seq_steps' }).apply([p, q]),
    ],
    notes: ['normalize=True L2-normalizes both inputs along their axes first'],
  },
  {
    name: 'reshaping',
    about: 'Reshape, Flatten, Permute, RepeatVector',
    inputs: [
      { name: 'x', shape: [2, 3, 4], range: [-1, 1] },
      { name: 'v', shape: [3], range: [-1, 1] },
    ],
    build: (L, [x, v]) => [
      L.reshape({ targetShape: [4, -1], name: 'reshape' }).apply(x),
      L.flatten({ name: 'flatten' }).apply(x),
      L.permute({ dims: [3, 1, 2], name: 'permute' }).apply(x),
      L.repeatVector({ n: 3, name: 'repeat_vector' }).apply(v),
    ],
  },
  {
    name: 'padding_cropping_upsampling',
    about: 'ZeroPadding2D (symmetric, asymmetric), Cropping2D, UpSampling2D (nearest, 2x3) on 3x4x2',
    inputs: [{ name: 'x', shape: [3, 4, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.zeroPadding2d({ padding: 1, name: 'zero_pad' }).apply(x),
      L.zeroPadding2d({ padding: [[1, 2], [0, 1]], name: 'zero_pad_asym' }).apply(x),
      L.cropping2D({ cropping: [[1, 0], [1, 2]], name: 'cropping' }).apply(x),
      L.upSampling2d({ size: [2, 3], name: 'upsample_nearest' }).apply(x),
    ],
    notes: [
      'TF.js has no ZeroPadding1D, Cropping1D, UpSampling1D (nor 3D variants)',
    ],
  },
  {
    name: 'inference_identities',
    about: 'Dropout, SpatialDropout1D, GaussianNoise, GaussianDropout, AlphaDropout: identity at inference',
    inputs: [{ name: 'x', shape: [4, 3], range: [-1, 1] }],
    build: (L, [x]) => {
      let y = L.dropout({ rate: 0.5, name: 'dropout' }).apply(x);
      y = L.spatialDropout1d({ rate: 0.5, name: 'spatial_dropout' }).apply(y);
      y = L.gaussianNoise({ stddev: 1.0, name: 'gaussian_noise' }).apply(y);
      y = L.gaussianDropout({ rate: 0.5, name: 'gaussian_dropout' }).apply(y);
      y = L.alphaDropout({ rate: 0.5, name: 'alpha_dropout' }).apply(y);
      return [L.dense({ units: 2, name: 'dense' }).apply(y)];
    },
    notes: ['TF.js has SpatialDropout1D only (no 2D/3D)'],
    force: "TF.js writes SpatialDropout1D's noise_shape, which Keras 3 rejects (graphlint reports it); the numbers are still checked",
  },
  {
    name: 'category_encoding',
    about: 'CategoryEncoding(num_tokens 6) multi_hot and count on ids [4]; one_hot on ids [1]',
    inputs: [
      { name: 'ids', shape: [4], ids: 6 },
      { name: 'id', shape: [1], ids: 6 },
    ],
    build: (L, [ids, id]) => [
      L.categoryEncoding({ numTokens: 6, outputMode: 'multiHot', name: 'multi_hot' }).apply(ids),
      L.categoryEncoding({ numTokens: 6, outputMode: 'count', name: 'count' }).apply(ids),
      L.categoryEncoding({ numTokens: 6, outputMode: 'oneHot', name: 'one_hot' }).apply(id),
    ],
    notes: ["TF.js writes output_mode as 'multiHot', 'count', 'oneHot' (Keras: 'multi_hot', 'count', 'one_hot')"],
    force: "TF.js writes output_mode in camelCase ('multiHot'), which Keras 3 rejects (graphlint reports it); the kernel reads TF.js' spelling",
  },
  {
    name: 'small_cnn',
    about: 'Conv2D-BatchNorm-ReLU-MaxPool x2 -> Flatten -> Dense(3, softmax) on 8x8x2',
    inputs: [{ name: 'image', shape: [8, 8, 2], range: [0, 1] }],
    build: (L, [image]) => {
      let y = image;
      for (const [block, filters] of [[1, 4], [2, 6]]) {
        y = L.conv2d({ filters, kernelSize: 3, padding: 'same', name: `conv${block}` }).apply(y);
        y = L.batchNormalization({ name: `bn${block}` }).apply(y);
        y = L.reLU({ name: `relu${block}` }).apply(y);
        y = L.maxPooling2d({ poolSize: 2, name: `pool${block}` }).apply(y);
      }
      y = L.flatten({ name: 'flatten' }).apply(y);
      return [L.dense({ units: 3, activation: 'softmax', name: 'classifier' }).apply(y)];
    },
  },
  {
    name: 'text_classifier',
    about: 'Embedding(20, 6, mask_zero) -> Bidirectional(LSTM(4)) -> Dense(2, sigmoid) on ids of length 7',
    inputs: [{ name: 'tokens', shape: [7], ids: 20, zeros: true }],
    build: (L, [tokens]) => {
      let y = L.embedding({ inputDim: 20, outputDim: 6, maskZero: true, name: 'embedding' }).apply(tokens);
      y = L.bidirectional({ layer: L.lstm({ units: 4, recurrentActivation: 'sigmoid', name: 'lstm' }), name: 'bidirectional' }).apply(y);
      return [L.dense({ units: 2, activation: 'sigmoid', name: 'classifier' }).apply(y)];
    },
    notes: ['the mask reaches both directions of the Bidirectional LSTM'],
  },
  {
    name: 'resizing',
    about: 'Resizing bilinear 5x4 -> 7x9 (up) and -> 3x3 (down), nearest 5x4 -> 8x6 (up) and -> 2x3 (down)',
    inputs: [{ name: 'image', shape: [5, 4, 2], range: [0, 1] }],
    build: (L, [image]) => [
      L.resizing({ height: 7, width: 9, name: 'bilinear_up' }).apply(image),
      L.resizing({ height: 3, width: 3, name: 'bilinear_down' }).apply(image),
      L.resizing({ height: 8, width: 6, interpolation: 'nearest', name: 'nearest_up' }).apply(image),
      L.resizing({ height: 2, width: 3, interpolation: 'nearest', name: 'nearest_down' }).apply(image),
    ],
    notes: [
      "TF.js 4.22's Resizing resizes with aligned corners (it passes !crop_to_aspect_ratio as align_corners); the generator runs it as Keras does, with half-pixel centres (goldens.mjs)",
    ],
  },
  {
    name: 'center_crop',
    about: 'CenterCrop 7x8 -> 4x5 (odd differences: the extra row and column stay at the end) and 7x8 -> 7x4',
    inputs: [{ name: 'image', shape: [7, 8, 2], range: [-1, 1] }],
    build: (L, [image]) => [
      L.centerCrop({ height: 4, width: 5, name: 'crop_odd' }).apply(image),
      L.centerCrop({ height: 7, width: 4, name: 'crop_width' }).apply(image),
    ],
    notes: [
      "TF.js crops by a nearest-neighbour crop_and_resize, which lands on Keras' cells for these sizes, and offsets the width by 1 where Keras offsets by 0 (a width larger by one), and upsizes without half-pixel centres: neither case is here",
    ],
  },
  {
    name: 'conv_lstm2d',
    about: "ConvLSTM2D(2, 3x3, valid): only the last output, on 3 steps of 5x5x2",
    inputs: [{ name: 'x', shape: [3, 5, 5, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.convLstm2d({ filters: 2, kernelSize: 3, recurrentActivation: 'sigmoid', unitForgetBias: true, name: 'conv_lstm' }).apply(x),
    ],
    notes: ["TF.js's ConvLSTM2D defaults to recurrent_activation='hard_sigmoid' like its LSTM; the case sets 'sigmoid'"],
    force: "TF.js writes 'implementation': null into ConvLSTM2D's config (inherited from its LSTMCell), which Keras' ConvLSTM2D does not take (graphlint reports it)",
  },
  {
    name: 'conv_lstm2d_sequences',
    about: 'ConvLSTM2D return_sequences: padding same + strides 2 (5x5 -> 3x3); padding same + dilation 2',
    inputs: [{ name: 'x', shape: [3, 5, 5, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      L.convLstm2d({ filters: 2, kernelSize: 3, padding: 'same', strides: 2, returnSequences: true, recurrentActivation: 'sigmoid', unitForgetBias: true, name: 'conv_lstm_strided' }).apply(x),
      L.convLstm2d({ filters: 2, kernelSize: [3, 2], padding: 'same', dilationRate: 2, returnSequences: true, recurrentActivation: 'sigmoid', unitForgetBias: true, name: 'conv_lstm_dilated' }).apply(x),
    ],
    notes: ['the recurrent convolution is always same, stride 1, no dilation: the state keeps the strided size'],
    force: "TF.js writes 'implementation': null into ConvLSTM2D's config (inherited from its LSTMCell), which Keras' ConvLSTM2D does not take (graphlint reports it)",
  },
  {
    name: 'conv_lstm2d_backwards_state',
    about: 'ConvLSTM2D go_backwards + return_sequences + return_state (output, h, c), relu activation, no bias',
    inputs: [{ name: 'x', shape: [4, 4, 3, 2], range: [-1, 1] }],
    build: (L, [x]) => [
      ...L.convLstm2d({ filters: 3, kernelSize: 2, padding: 'same', goBackwards: true, returnSequences: true, returnState: true, activation: 'relu', useBias: false, recurrentActivation: 'sigmoid', unitForgetBias: true, name: 'conv_lstm_backwards' }).apply(x),
    ],
    notes: ['go_backwards returns the sequence in processing order (last time step first); the even 2x2 kernel puts the odd padding after'],
    force: "TF.js writes 'implementation': null into ConvLSTM2D's config (inherited from its LSTMCell), which Keras' ConvLSTM2D does not take (graphlint reports it)",
  },
  {
    name: 'conv_lstm2d_channels_first',
    about: "ConvLSTM2D data_format='channels_first': return_sequences, same padding, on 3 steps of 2x4x5",
    inputs: [{ name: 'x', shape: [3, 2, 4, 5], range: [-1, 1] }],
    build: (L, [x]) => [
      L.convLstm2d({ filters: 3, kernelSize: 3, padding: 'same', dataFormat: 'channelsFirst', returnSequences: true, recurrentActivation: 'sigmoid', unitForgetBias: true, name: 'conv_lstm_first' }).apply(x),
    ],
    notes: ['kernels keep the (rows, cols, in, 4 * filters) layout of channels_last; only the data moves'],
    force: "TF.js writes 'implementation': null into ConvLSTM2D's config (inherited from its LSTMCell), which Keras' ConvLSTM2D does not take (graphlint reports it)",
  },
];
