// Builds every case of cases.mjs in TensorFlow.js (pure-JS CPU backend), gives it seeded
// weights and inputs, runs model.predict and writes the golden files graphlint's executor is
// compared with:
//   OUT/<case>/model.json           TF.js layers-model JSON (modelTopology + weightsManifest)
//   OUT/<case>/weights.npz          the weights, keyed by TF.js weight name (dense/kernel, ...)
//   OUT/<case>/inputs/<name>.npy    one file per model input
//   OUT/<case>/expected/<out>.npy   one file per model output (float32)
//   OUT/<case>/case.json            what the case tests, its inputs and outputs, notes
//   node goldens.mjs OUT_DIR [CASE ...]
// See tests/executor/golden/README.md.

import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CASES } from './cases.mjs';
import { npyBytes, storedZipBytes } from './npy.mjs';

// TF.js greets Node users with a banner about tfjs-node on the console; keep stdout for ours.
const log = console.log.bind(console);
console.warn = () => {};
const banner = 'looks like you are running TensorFlow.js in Node.js';
console.log = (...args) => { if (!String(args[0]).includes(banner)) log(...args); };

const tf = await import('@tensorflow/tfjs');
await tf.setBackend('cpu');
await tf.ready();

// TF.js 4.22's CategoryEncoding.computeOutputShape edits the shape it is given in place, which
// rewrites the model input's declared shape to the layer's output shape (predict then rejects
// the real input). Hand it a copy; its numerics are untouched.
const CategoryEncoding = tf.layers.categoryEncoding({ numTokens: 1 }).constructor;
const editingComputeOutputShape = CategoryEncoding.prototype.computeOutputShape;
CategoryEncoding.prototype.computeOutputShape = function computeOutputShape(inputShape) {
  const copy = Array.isArray(inputShape[0]) ? inputShape.map((s) => [...s]) : [...inputShape];
  return editingComputeOutputShape.call(this, copy);
};

// TF.js 4.22's SeparableConv2D.getConfig leaves out depth_multiplier, so a saved model with
// depth_multiplier 2 would describe a layer with half its weights. Write it, as Keras does.
const SeparableConv2D = tf.layers.separableConv2d({ filters: 1, kernelSize: 1 }).constructor;
const configWithoutDepthMultiplier = SeparableConv2D.prototype.getConfig;
SeparableConv2D.prototype.getConfig = function getConfig() {
  return { ...configWithoutDepthMultiplier.call(this), depthMultiplier: this.depthMultiplier };
};

// TF.js 4.22's Resizing passes !cropToAspectRatio as the align_corners argument of its resize
// kernels, so it resizes with aligned corners by default and never with half-pixel centres,
// where Keras (tf.image.resize) always uses half-pixel centres; and its computeOutputShape reads
// the channels from the wrong axis of a batched shape. The generator computes the layer as Keras
// does, with TF.js's own kernels given halfPixelCenters=true (numerics verified against NumPy),
// and gives it the batched output shape. Cases leave crop_to_aspect_ratio off.
const Resizing = tf.layers.resizing({ height: 1, width: 1 }).constructor;
Resizing.prototype.call = function call(inputs) {
  return tf.tidy(() => {
    const images = Array.isArray(inputs) ? inputs[0] : inputs;
    const size = [this.height, this.width];
    if (this.interpolation === 'nearest') return tf.image.resizeNearestNeighbor(images, size, false, true);
    return tf.image.resizeBilinear(images, size, false, true);
  });
};
Resizing.prototype.computeOutputShape = function computeOutputShape(inputShape) {
  const shape = [...inputShape];
  shape[shape.length - 3] = this.height;
  shape[shape.length - 2] = this.width;
  return shape;
};

// CenterCrop.computeOutputShape edits its input shape in place too: hand it a copy.
const CenterCrop = tf.layers.centerCrop({ height: 1, width: 1 }).constructor;
const editingCropShape = CenterCrop.prototype.computeOutputShape;
CenterCrop.prototype.computeOutputShape = function computeOutputShape(inputShape) {
  return editingCropShape.call(this, [...inputShape]);
};

const GENERATOR = 'scripts/tfjs-executor-goldens/generate.sh';
const BATCH = 2;

/// Seeded uniform numbers in [0, 1): mulberry32, seeded from the case name, so each case's data
/// depends only on its own name and the order it asks for numbers.
function randomSource(seedText) {
  let state = 2166136261; // FNV-1a of the seed text
  for (const ch of seedText) state = Math.imul(state ^ ch.charCodeAt(0), 16777619) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function uniformValues(random, count, lo, hi) {
  const values = new Float32Array(count);
  for (let i = 0; i < count; ++i) values[i] = lo + (hi - lo) * random();
  return values;
}

const sizeOf = (shape) => shape.reduce((n, d) => n * d, 1);

/// The range a weight's values are drawn from, by the last part of its name: kernels like a
/// Glorot-uniform limit (so activations stay of order 1 and nonlinearities are exercised), batch
/// statistics with a positive variance, PReLU slopes in (0.05, 0.5).
function weightRange(name, shape) {
  const leaf = name.split('/').pop();
  if (['kernel', 'recurrent_kernel', 'depthwise_kernel', 'pointwise_kernel'].includes(leaf)) {
    const receptive = shape.length > 2 ? sizeOf(shape.slice(0, -2)) : 1;
    const fanIn = shape.length > 1 ? shape[shape.length - 2] * receptive : shape[0];
    const fanOut = shape[shape.length - 1] * receptive;
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return [-limit, limit];
  }
  switch (leaf) {
    case 'embeddings': return [-1, 1];
    case 'gamma': return [0.5, 1.5];
    case 'moving_variance': return [0.5, 2];
    case 'alpha': return [0.05, 0.5];
    case 'bias': case 'beta': case 'moving_mean': return [-0.5, 0.5];
    default: throw new Error(`no value range for weight ${name}`);
  }
}

/// Input values of one input spec (see cases.mjs), with the batch dim first.
function makeInput(random, spec) {
  const shape = [BATCH, ...spec.shape];
  const count = sizeOf(shape);
  if (spec.ids !== undefined) {
    const ids = new Int32Array(count);
    const lowest = spec.zeros ? 1 : 0; // with zeros, only the planted ones are padding
    for (let i = 0; i < count; ++i) ids[i] = lowest + Math.floor(random() * (spec.ids - lowest));
    if (spec.zeros) plantZeroSteps(ids, spec.shape[0], 1);
    return { shape, dtype: 'int32', values: ids };
  }
  const values = uniformValues(random, count, spec.range[0], spec.range[1]);
  if (spec.zeroSteps) plantZeroSteps(values, spec.shape[0], sizeOf(spec.shape.slice(1)));
  return { shape, dtype: 'float32', values };
}

/// Zeroes whole time steps: the last two of sample 0 (padding at the end), step 1 of sample 1
/// (a gap in the middle, which a masked RNN must step over).
function plantZeroSteps(values, steps, stepSize) {
  const zeroStep = (sample, step) => values.fill(0, (sample * steps + step) * stepSize, (sample * steps + step + 1) * stepSize);
  zeroStep(0, steps - 1);
  zeroStep(0, steps - 2);
  zeroStep(1, 1);
}

/// The file stem of a model output: its layer's name, plus `.<i>` for output i > 0 of a layer
/// with several outputs (an RNN with return_state).
function outputStem(symbolic) {
  const stem = symbolic.sourceLayer.name.replaceAll('/', '.');
  return symbolic.tensorIndex > 0 ? `${stem}.${symbolic.tensorIndex}` : stem;
}

async function savedArtifacts(model) {
  let artifacts;
  await model.save(tf.io.withSaveHandler(async (saved) => {
    artifacts = saved;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  return artifacts;
}

async function writeCase(outDir, spec) {
  const random = randomSource(spec.name);
  const symbolicInputs = spec.inputs.map((input) => tf.input({
    shape: input.shape, name: input.name, dtype: input.ids !== undefined ? 'int32' : 'float32',
  }));
  const symbolicOutputs = spec.build(tf.layers, symbolicInputs);
  const model = tf.model({ inputs: symbolicInputs, outputs: symbolicOutputs, name: spec.name });

  model.setWeights(model.weights.map((w) => {
    const [lo, hi] = weightRange(w.originalName, w.shape);
    return tf.tensor(uniformValues(random, sizeOf(w.shape), lo, hi), w.shape, 'float32');
  }));
  const inputs = spec.inputs.map((input) => ({ spec: input, ...makeInput(random, input) }));

  let predicted = model.predict(inputs.map((i) => tf.tensor(i.values, i.shape, i.dtype)));
  if (!Array.isArray(predicted)) predicted = [predicted];

  const dir = join(outDir, spec.name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(join(dir, 'inputs'), { recursive: true });
  mkdirSync(join(dir, 'expected'), { recursive: true });

  const artifacts = await savedArtifacts(model);
  const modelJson = {
    format: artifacts.format,
    generatedBy: artifacts.generatedBy,
    convertedBy: artifacts.convertedBy,
    modelTopology: artifacts.modelTopology,
    // The values live in weights.npz, so the manifest names no binary shard.
    weightsManifest: [{ paths: [], weights: artifacts.weightSpecs }],
  };
  writeFileSync(join(dir, 'model.json'), `${JSON.stringify(modelJson)}\n`);

  const decoded = tf.io.decodeWeights(artifacts.weightData, artifacts.weightSpecs);
  const entries = artifacts.weightSpecs.map(({ name, shape, dtype }) => ({
    name: `${name}.npy`,
    bytes: npyBytes(decoded[name].dataSync(), shape, dtype),
  }));
  const names = new Set(entries.map((e) => e.name));
  if (names.size !== entries.length) throw new Error(`${spec.name}: two weights share a name`);
  writeFileSync(join(dir, 'weights.npz'), storedZipBytes(entries));

  const inputFacts = inputs.map(({ spec: input, shape, dtype, values }) => {
    const file = `inputs/${input.name}.npy`;
    writeFileSync(join(dir, file), npyBytes(values, shape, dtype));
    return { name: input.name, file, dtype, shape };
  });

  const outputFacts = [];
  for (const [k, symbolic] of model.outputs.entries()) {
    const tensor = predicted[k];
    if (tensor.dtype !== 'float32') throw new Error(`${spec.name}: output ${k} is ${tensor.dtype}`);
    const values = tensor.dataSync();
    if (!values.every(Number.isFinite)) throw new Error(`${spec.name}: output ${k} is not finite`);
    const file = `expected/${outputStem(symbolic)}.npy`;
    writeFileSync(join(dir, file), npyBytes(values, tensor.shape, 'float32'));
    outputFacts.push({ layer: symbolic.sourceLayer.name, index: symbolic.tensorIndex, file, shape: tensor.shape });
  }

  const facts = {
    case: spec.name,
    about: spec.about,
    generator: GENERATOR,
    tfjs_version: tf.version.tfjs,
    inputs: inputFacts,
    outputs: outputFacts,
  };
  if (spec.tolerance !== undefined) facts.tolerance = spec.tolerance;
  if (spec.notes) facts.notes = spec.notes;
  if (spec.force) facts.force = spec.force;
  // Shapes on one line each keep the file short and readable.
  const text = JSON.stringify(facts, null, 2).replace(/\[\n[\d,\s-]*\]/g, (list) => list.replace(/\s+/g, ''));
  writeFileSync(join(dir, 'case.json'), `${text}\n`);

  tf.dispose(predicted);
  tf.dispose(Object.values(decoded));
  model.dispose();
  tf.disposeVariables();
  return outputFacts.length;
}

const [outDir, ...only] = process.argv.slice(2);
if (!outDir) {
  log('usage: node goldens.mjs OUT_DIR [CASE ...]');
  process.exit(2);
}
const unknown = only.filter((name) => !CASES.some((c) => c.name === name));
if (unknown.length) {
  log(`unknown case(s): ${unknown.join(', ')}`);
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
for (const spec of CASES) {
  if (only.length && !only.includes(spec.name)) continue;
  const outputs = await writeCase(outDir, spec);
  log(`wrote ${spec.name} (${outputs} output${outputs === 1 ? '' : 's'})`);
}
