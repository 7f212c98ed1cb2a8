// Writes NumPy .npy (format 1.0) files and stored (uncompressed) .npz archives, enough for the
// golden data of graphlint's executor: little-endian float32 and int32 arrays in C order.
// Written by hand so the generator needs no package besides @tensorflow/tfjs.

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"
const NPY_ALIGNMENT = 64; // numpy pads the header so the data starts on a 64-byte boundary

const DESCR_OF = { float32: '<f4', int32: '<i4' };

function shapeTuple(shape) {
  if (shape.length === 1) return `(${shape[0]},)`;
  return `(${shape.join(', ')})`;
}

/// Bytes of a version 1.0 .npy file holding `values` (Float32Array or Int32Array) of `shape`.
export function npyBytes(values, shape, dtype) {
  const descr = DESCR_OF[dtype];
  if (!descr) throw new Error(`npy: unsupported dtype ${dtype}`);
  const count = shape.reduce((n, d) => n * d, 1);
  if (count !== values.length) {
    throw new Error(`npy: shape ${shapeTuple(shape)} holds ${count} values, got ${values.length}`);
  }
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeTuple(shape)}, }`;
  const prefixLength = NPY_MAGIC.length + 2 + 2; // magic, version, header length
  const unpadded = prefixLength + header.length + 1; // + the closing newline
  header += ' '.repeat((NPY_ALIGNMENT - (unpadded % NPY_ALIGNMENT)) % NPY_ALIGNMENT) + '\n';
  if (header.length > 0xffff) throw new Error('npy: header too long for format 1.0');

  const out = new Uint8Array(prefixLength + header.length + values.length * 4);
  out.set(NPY_MAGIC, 0);
  out[6] = 1; // major version
  out[7] = 0; // minor version
  new DataView(out.buffer).setUint16(8, header.length, true);
  for (let i = 0; i < header.length; ++i) out[prefixLength + i] = header.charCodeAt(i);
  const data = new DataView(out.buffer, prefixLength + header.length);
  for (let i = 0; i < values.length; ++i) {
    if (dtype === 'float32') data.setFloat32(i * 4, values[i], true);
    else data.setInt32(i * 4, values[i], true);
  }
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; ++n) {
    let c = n;
    for (let k = 0; k < 8; ++k) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/// CRC-32 (IEEE 802.3, as zip uses) of `bytes`.
export function crc32(bytes) {
  let crc = 0xffffffff;
  for (const b of bytes) crc = CRC_TABLE[(crc ^ b) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

// A fixed timestamp keeps the archive byte-identical between runs: 1980-01-01 00:00 in DOS form.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;

/// Bytes of a zip archive holding `entries` ([{name, bytes}]) uncompressed, as np.savez writes
/// (method 0, "stored"). No zip64: every member and the whole archive stay far below 4 GiB.
export function storedZipBytes(entries) {
  const encoder = new TextEncoder();
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const { name, bytes } of entries) {
    const nameBytes = encoder.encode(name);
    const crc = crc32(bytes);
    const local = new Uint8Array(30 + nameBytes.length);
    const l = new DataView(local.buffer);
    l.setUint32(0, 0x04034b50, true); // local file header signature
    l.setUint16(4, 20, true); // version needed: 2.0
    l.setUint16(6, 0, true); // flags
    l.setUint16(8, 0, true); // method: stored
    l.setUint16(10, DOS_TIME, true);
    l.setUint16(12, DOS_DATE, true);
    l.setUint32(14, crc, true);
    l.setUint32(18, bytes.length, true); // compressed size
    l.setUint32(22, bytes.length, true); // uncompressed size
    l.setUint16(26, nameBytes.length, true);
    l.setUint16(28, 0, true); // extra field length
    local.set(nameBytes, 30);

    const central = new Uint8Array(46 + nameBytes.length);
    const c = new DataView(central.buffer);
    c.setUint32(0, 0x02014b50, true); // central directory header signature
    c.setUint16(4, 20, true); // version made by
    c.setUint16(6, 20, true); // version needed
    c.setUint16(8, 0, true);
    c.setUint16(10, 0, true);
    c.setUint16(12, DOS_TIME, true);
    c.setUint16(14, DOS_DATE, true);
    c.setUint32(16, crc, true);
    c.setUint32(20, bytes.length, true);
    c.setUint32(24, bytes.length, true);
    c.setUint16(28, nameBytes.length, true);
    // extra length, comment length, disk number, internal and external attributes stay 0
    c.setUint32(42, offset, true); // offset of the local header
    central.set(nameBytes, 46);

    locals.push(local, bytes);
    centrals.push(central);
    offset += local.length + bytes.length;
  }
  const centralSize = centrals.reduce((n, part) => n + part.length, 0);
  const end = new Uint8Array(22);
  const e = new DataView(end.buffer);
  e.setUint32(0, 0x06054b50, true); // end of central directory signature
  e.setUint16(8, entries.length, true); // entries on this disk
  e.setUint16(10, entries.length, true); // entries in total
  e.setUint32(12, centralSize, true);
  e.setUint32(16, offset, true); // where the central directory starts

  const parts = [...locals, ...centrals, end];
  const out = new Uint8Array(parts.reduce((n, part) => n + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
