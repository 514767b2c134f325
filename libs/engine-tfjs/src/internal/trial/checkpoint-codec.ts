import type { Config } from '@epigenome/core';
import { invalidArgument } from '@epigenome/core';
import type { SamplerState } from './batch-sampler';

/** Everything a checkpoint holds besides the float data. */
export interface CheckpointHeader {
  format: 'epigenome-tfjs';
  version: 1;
  step: number;
  samples: number;
  config: Config;
  sampler: SamplerState;
  optimizer: { kind: string; t: number };
  /** The architecture: width of every structural hyperparameter (`width.<i>`, `filters.<i>`). Absent in checkpoints made before live widths (the spec's widths). */
  widths?: Record<string, number>;
  /** Shapes of the model weights, then of the optimiser slots (per variable, slot-major). */
  weights: number[][];
  slots: number[][];
}

const MAGIC = 0x54475045; // 'EPGT' little-endian

/** Encodes header + float arrays into one self-contained, exact-size buffer (transferable). */
export function encodeCheckpoint(header: CheckpointHeader, arrays: readonly Float32Array[]): Uint8Array {
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerEnd = 8 + json.length;
  const dataStart = Math.ceil(headerEnd / 4) * 4;
  const floats = arrays.reduce((n, a) => n + a.length, 0);
  const buffer = new ArrayBuffer(dataStart + floats * 4);
  const view = new DataView(buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  new Uint8Array(buffer, 8, json.length).set(json);
  const data = new Float32Array(buffer, dataStart, floats);
  let o = 0;
  for (const a of arrays) {
    data.set(a, o);
    o += a.length;
  }
  return new Uint8Array(buffer);
}

/** Decodes {@link encodeCheckpoint}'s bytes; throws `INVALID_ARGUMENT` (field `checkpoint.bytes`) on anything else. */
export function decodeCheckpoint(bytes: Uint8Array): { header: CheckpointHeader; arrays: Float32Array[] } {
  const bad = (why: string) => invalidArgument('checkpoint.bytes', `${bytes?.length ?? 0} bytes`, `bytes made by save() of an @epigenome/engine-tfjs trial (${why})`);
  if (!(bytes instanceof Uint8Array) || bytes.length < 8) throw bad('too short');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, true) !== MAGIC) throw bad('wrong magic number');
  const len = view.getUint32(4, true);
  if (8 + len > bytes.length) throw bad('truncated header');
  let header: CheckpointHeader;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as CheckpointHeader;
  } catch (cause) {
    throw invalidArgument('checkpoint.bytes', 'unparseable header', 'a valid checkpoint', { cause });
  }
  if (header.format !== 'epigenome-tfjs' || header.version !== 1) throw bad(`unsupported format ${header.format} v${header.version}`);
  const dataStart = Math.ceil((8 + len) / 4) * 4;
  const shapes = [...header.weights, ...header.slots];
  const total = shapes.reduce((n, s) => n + s.reduce((a, b) => a * b, 1), 0);
  if (dataStart + total * 4 !== bytes.length) throw bad('size does not match its header');
  // copy to an aligned buffer (the bytes may sit at any offset)
  const data = new Float32Array(total);
  new Uint8Array(data.buffer).set(bytes.subarray(dataStart));
  const arrays: Float32Array[] = [];
  let o = 0;
  for (const s of shapes) {
    const n = s.reduce((a, b) => a * b, 1);
    arrays.push(data.subarray(o, o + n));
    o += n;
  }
  return { header, arrays };
}
