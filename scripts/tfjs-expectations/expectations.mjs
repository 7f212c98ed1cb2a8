// Prints what TensorFlow.js infers for one Keras model file: every layer's output shape and
// parameter count, built from the JSON topology alone (no weights).
//   node expectations.mjs MODEL.json
// These are independent expectations for graphlint's Keras importer; see README.md.

import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

// TF.js talks on the console (the "install tfjs-node" banner, deserialization notes). Keep the
// real stdout for our JSON only, and collect the rest.
const consoleMessages = [];
for (const method of ['log', 'info', 'warn', 'error', 'debug']) {
  console[method] = (...args) => consoleMessages.push(args.map(String).join(' ').trim());
}
const isBackendBanner = (message) => message.includes('looks like you are running TensorFlow.js in Node.js');

const tf = await import('@tensorflow/tfjs');

// Weight values do not matter here, only their shapes. TF.js's Orthogonal initializer (the
// default for recurrent kernels) runs a QR factorization in plain JS that takes minutes for a
// 256-unit LSTM, so it gives zeros instead, after the same argument checks.
const Orthogonal = tf.initializers.orthogonal({}).constructor;
Orthogonal.prototype.apply = function (shape, dtype) {
  if (shape.length < 2) throw new Error('Shape must be at least 2D.');
  if (dtype !== 'int32' && dtype !== 'float32' && dtype !== undefined) {
    throw new TypeError(`Unsupported data type ${dtype}.`);
  }
  return tf.zeros(shape, dtype);
};

// Some TF.js messages quote the whole config they rejected; keep the start, say what was cut.
const MAX_MESSAGE_CHARS = 2000;
function shorten(message) {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  return `${message.slice(0, MAX_MESSAGE_CHARS)}... (${message.length - MAX_MESSAGE_CHARS} more characters)`;
}

// The model topology, wherever this kind of file keeps it. The document itself is the last
// resort (Keras to_json), so a file of no known kind reaches TF.js and fails there, in its words.
function findTopology(document) {
  if (document && typeof document === 'object' && !Array.isArray(document)) {
    const modelTopology = document.modelTopology;
    if (modelTopology && typeof modelTopology === 'object') {
      return modelTopology.model_config ?? modelTopology; // TF.js converter ?? tfjs-layers save
    }
    if (document.architecture && typeof document.architecture === 'object') {
      return document.architecture; // frugally-deep
    }
  }
  return document;
}

const sizeOf = (weights) => weights.reduce((sum, w) => sum + w.shape.reduce((n, d) => n * d, 1), 0);

// A layer called on several inputs of different shapes has no single outputShape in TF.js;
// then list one shape per call, in inbound-node order.
function outputShapeOf(layer) {
  try {
    return { output_shape: layer.outputShape };
  } catch {
    const shapes = layer.inboundNodes.map((node) => node.outputShapes);
    return { output_shapes_per_call: shapes.map((s) => (s.length === 1 ? s[0] : s)) };
  }
}

function describeLayer(layer) {
  const entry = {
    name: layer.name,
    class_name: layer.getClassName(),
    ...outputShapeOf(layer),
    params: layer.countParams(),
    trainable_params: sizeOf(layer.trainableWeights),
  };
  if (Array.isArray(layer.layers)) {
    entry.layers = layer.layers.map(describeLayer); // a nested Sequential or functional model
  }
  return entry;
}

function describeModel(model) {
  return {
    layers: model.layers.map(describeLayer),
    total_params: model.countParams(),
    trainable_params: sizeOf(model.trainableWeights),
    outputs: model.outputs.map((t) => t.shape),
  };
}

// JSON with shapes and other arrays of scalars kept on one line, so diffs stay readable.
function toJson(value, indent = '') {
  const isLeafArray = (v) => Array.isArray(v) && v.every((x) => x === null || typeof x !== 'object' || isLeafArray(x));
  if (value === null || typeof value !== 'object' || isLeafArray(value)) return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => inner + toJson(v, inner)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${toJson(v, inner)}`).join(',\n')}\n${indent}}`;
}

async function main() {
  const path = process.argv[2];
  if (process.argv.length !== 3) {
    process.stderr.write('usage: node expectations.mjs MODEL.json\n');
    return 2;
  }
  let document;
  try {
    document = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    process.stderr.write(`${path}: cannot read a JSON document: ${e.message}\n`);
    return 1;
  }

  const result = { file: basename(path), tfjs_version: tf.version.tfjs };
  try {
    // Only the topology is handed over: without a weightsManifest TF.js loads no weights, and
    // the layers get freshly initialized ones, which is all countParams needs.
    const model = await tf.models.modelFromJSON({ modelTopology: findTopology(document) });
    Object.assign(result, describeModel(model));
  } catch (e) {
    result.error = shorten(e?.message ?? String(e));
  }
  const notes = consoleMessages.filter((m) => m && !isBackendBanner(m));
  if (notes.length > 0) result.tfjs_console = notes.map(shorten);
  process.stdout.write(toJson(result) + '\n');
  return 0;
}

process.exitCode = await main();
