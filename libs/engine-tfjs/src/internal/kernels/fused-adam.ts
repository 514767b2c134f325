import { getKernel, registerKernel, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import { sizeOf, type AnyKernelFunc, type WasmBackendLike } from './wasm-backend';

/** Name of the library's fused Adam update kernel (wasm only; other backends use tensor ops). */
export const FUSED_ADAM = 'EpigenomeFusedAdam';

/** Scalars of one fused Adam step (each rounded to float32, as a `tf.scalar` would be). */
export interface FusedAdamAttrs {
  /** Number of parameter tensors n: inputs are g0..g(n-1), w0..w(n-1), m, v. */
  count: number;
  beta1: number;
  beta2: number;
  /** ε·√(1−β₂ᵗ). */
  epsHat: number;
  /** lr·√(1−β₂ᵗ)/(1−β₁ᵗ). */
  scale: number;
  /** √(1−β₂ᵗ)/(1−β₁ᵗ): directions returned are k·d. */
  k: number;
  /** lr·weight_decay (0 = none). */
  decay: number;
  /** Per parameter: 1 when weight decay applies (kernels, rank ≥ 2). */
  decayMask: number[];
  /** Also output the directions k·d, one per parameter, shaped like it. */
  wantDirections: boolean;
}

/** Emits the body of one SIMD Adam loop (see {@link adamModule}); `decay` adds w·decay to the update. */
function adamBody(decay: boolean): number[] {
  const get = (i: number) => [0x20, i];
  const set = (i: number) => [0x21, i];
  const simd = (op: number) => (op < 0x80 ? [0xfd, op] : [0xfd, (op & 0x7f) | 0x80, op >> 7]);
  const load = [...simd(0x00), 0x00, 0x00];
  const store = [...simd(0x0b), 0x00, 0x00];
  const [SPLAT, SQRT, ADD, SUB, MUL, DIV] = [simd(0x13), simd(0xe3), simd(0xe4), simd(0xe5), simd(0xe6), simd(0xe7)];
  const O = 15;
  const at = (p: number) => [...get(p), ...get(O), 0x6a]; // p + o
  const [G, M, V, W] = [23, 24, 25, 26];
  const code: number[] = [];
  for (let p = 8; p <= 14; p++) code.push(...get(p), ...SPLAT, ...set(p + 8)); // B1 C1 B2 C2 EPS SC DEC = 16..22
  code.push(...get(7), 0x41, 0x04, 0x74, ...set(7)); // end = n4 << 4 (bytes)
  code.push(0x02, 0x40, 0x03, 0x40); // block, loop
  code.push(...get(O), ...get(7), 0x4f, 0x0d, 0x01); // br_if out when o >= end
  code.push(...at(0), ...load, ...set(G));
  code.push(...at(1), ...load, ...get(16), ...MUL, ...get(G), ...get(17), ...MUL, ...ADD, ...set(M));
  code.push(...at(3), ...get(M), ...store);
  code.push(...at(2), ...load, ...get(18), ...MUL, ...get(G), ...get(G), ...MUL, ...get(19), ...MUL, ...ADD, ...set(V));
  code.push(...at(4), ...get(V), ...store);
  code.push(...at(5), ...load, ...set(W));
  code.push(...at(6), ...get(W), ...get(M), ...get(V), ...SQRT, ...get(20), ...ADD, ...DIV, ...get(21), ...MUL);
  if (decay) code.push(...get(W), ...get(22), ...MUL, ...ADD);
  code.push(...SUB, ...store);
  code.push(...get(O), 0x41, 0x10, 0x6a, ...set(O), 0x0c, 0x00); // o += 16; continue
  code.push(0x0b, 0x0b, 0x0b); // end loop, block, function
  const locals = [0x02, 0x01, 0x7f, 0x0b, 0x7b]; // 1 i32 (o), 11 v128
  const body = [...locals, ...code];
  return [...leb(body.length), ...body];
}

function leb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/**
 * A tiny hand-assembled wasm SIMD module over the backend's own memory, exporting
 * `adam(g, m0, v0, m1, v1, w, w1, n4, β₁, 1−β₁, β₂, 1−β₂, ε̂, scale, decay)` (pointers in bytes,
 * n4 groups of 4 floats) without weight decay and `adamd` with it. Float32 throughout, in the
 * same operation order as the tensor-op formulation, so results are bit-identical to it.
 */
function adamModule(memory: WebAssembly.Memory): { adam: AdamFn; adamd: AdamFn } | undefined {
  const section = (id: number, content: number[]) => [id, ...leb(content.length), ...content];
  const name = (s: string) => [s.length, ...Array.from(s, (c) => c.charCodeAt(0))];
  const type = [0x01, 0x60, 15, ...Array(8).fill(0x7f), ...Array(7).fill(0x7d), 0x00];
  const imports = [0x01, ...name('env'), ...name('memory'), 0x02, 0x00, 0x00];
  const funcs = [0x02, 0x00, 0x00];
  const exports = [0x02, ...name('adam'), 0x00, 0x00, ...name('adamd'), 0x00, 0x01];
  const code = [0x02, ...adamBody(false), ...adamBody(true)];
  const bytes = new Uint8Array([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, type),
    ...section(2, imports),
    ...section(3, funcs),
    ...section(7, exports),
    ...section(10, code),
  ]);
  try {
    if (!WebAssembly.validate(bytes)) return undefined;
    const instance = new WebAssembly.Instance(new WebAssembly.Module(bytes), { env: { memory } });
    return instance.exports as unknown as { adam: AdamFn; adamd: AdamFn };
  } catch {
    return undefined;
  }
}

type AdamFn = (
  g: number,
  m0: number,
  v0: number,
  m1: number,
  v1: number,
  w: number,
  w1: number,
  n4: number,
  b1: number,
  c1: number,
  b2: number,
  c2: number,
  eps: number,
  scale: number,
  decay: number,
) => void;

interface WasmInternals {
  wasm?: { asm?: { memory?: unknown } };
  dataIdMap?: { get(dataId: object): { memoryOffset: number } | undefined };
}

const modules = new WeakMap<object, { adam: AdamFn; adamd: AdamFn } | null>();

function simdFor(backend: unknown): { adam: AdamFn; adamd: AdamFn } | undefined {
  const b = backend as WasmInternals;
  const memory = b?.wasm?.asm?.memory;
  if (!(memory instanceof WebAssembly.Memory) || typeof b.dataIdMap?.get !== 'function') return undefined;
  let m = modules.get(memory);
  if (m === undefined) {
    // a shared (threaded) memory would need a shared import: use the tensor ops there
    m = memory.buffer instanceof ArrayBuffer ? (adamModule(memory) ?? null) : null;
    modules.set(memory, m);
  }
  return m ?? undefined;
}

const f = Math.fround;

/**
 * One whole Adam update as a single kernel over the wasm heap, instead of ~35 tensor kernels
 * (concat, 5 multiplies, 3 adds, square, sqrt, div, 6 slices, 12 reshapes, 6 subtracts): per-op
 * overhead, not arithmetic, dominates a small model's step on wasm. The arithmetic runs in a
 * hand-assembled wasm SIMD loop over the backend's memory (~0.15 ms for the 109k-parameter MLP;
 * the tensor ops took ~1 ms, a plain JS loop 0.6-1 ms).
 * Inputs g0..g(n-1) (gradients), w0..w(n-1) (parameters), m, v (flat state). Outputs
 * [m', v', w'0..w'(n-1), and (k·d)0..(k·d)(n-1) when wantDirections]. Every intermediate is
 * float32, in the same operation order as the tensor-op formulation, so results match it bit
 * for bit:
 *   m' = β₁m + (1−β₁)g, v' = β₂v + (1−β₂)g², d = m'/(√v' + ε̂), w' = w − (scale·d + decay·w).
 */
const fusedAdam: AnyKernelFunc = (args) => {
  const backend = args.backend as WasmBackendLike;
  const simd = simdFor(backend) as { adam: AdamFn; adamd: AdamFn };
  const ptr = (t: TensorInfo): number => ((backend as unknown as Required<WasmInternals>).dataIdMap.get(t.dataId) as { memoryOffset: number }).memoryOffset;
  const a = args.attrs as unknown as FusedAdamAttrs;
  const n = a.count;
  const inputs = args.inputs;
  const b1 = f(a.beta1);
  const c1 = f(1 - a.beta1);
  const b2 = f(a.beta2);
  const c2 = f(1 - a.beta2);
  const eps = f(a.epsHat);
  const scale = f(a.scale);
  const k = f(a.k);
  const decay = f(a.decay);
  const mIn = inputs.m as TensorInfo;
  const vIn = inputs.v as TensorInfo;
  const mOut = backend.makeOutput([...mIn.shape], 'float32');
  const vOut = backend.makeOutput([...vIn.shape], 'float32');
  const wOuts: TensorInfo[] = [];
  const dOuts: TensorInfo[] = [];
  for (let i = 0; i < n; i++) {
    const w = inputs[`w${i}`] as TensorInfo;
    wOuts.push(backend.makeOutput([...w.shape], 'float32'));
    if (a.wantDirections) dOuts.push(backend.makeOutput([...w.shape], 'float32'));
  }
  // views taken after every allocation (an allocation may grow, and detach, the heap)
  const m0 = backend.typedArrayFromHeap(mIn) as Float32Array;
  const v0 = backend.typedArrayFromHeap(vIn) as Float32Array;
  const m1 = backend.typedArrayFromHeap(mOut) as Float32Array;
  const v1 = backend.typedArrayFromHeap(vOut) as Float32Array;
  const [mp0, vp0, mp1, vp1] = [ptr(mIn), ptr(vIn), ptr(mOut), ptr(vOut)];
  let o = 0;
  for (let i = 0; i < n; i++) {
    const gi = inputs[`g${i}`] as TensorInfo;
    const wi = inputs[`w${i}`] as TensorInfo;
    const wo = wOuts[i] as TensorInfo;
    const len = sizeOf(wi.shape);
    const dec = decay !== 0 && a.decayMask[i] === 1;
    const n4 = len >> 2;
    const off = o * 4;
    (dec ? simd.adamd : simd.adam)(ptr(gi), mp0 + off, vp0 + off, mp1 + off, vp1 + off, ptr(wi), ptr(wo), n4, b1, c1, b2, c2, eps, scale, decay);
    if (n4 * 4 < len) {
      // the last 1-3 elements, in the same float32 order
      const g = backend.typedArrayFromHeap(gi) as Float32Array;
      const w = backend.typedArrayFromHeap(wi) as Float32Array;
      const w1 = backend.typedArrayFromHeap(wo) as Float32Array;
      for (let j = n4 * 4; j < len; j++) {
        const gj = g[j] as number;
        const q = o + j;
        const m = f(f((m0[q] as number) * b1) + f(gj * c1));
        const v = f(f((v0[q] as number) * b2) + f(f(gj * gj) * c2));
        m1[q] = m;
        v1[q] = v;
        const d = f(m / f(f(Math.sqrt(v)) + eps));
        const wj = w[j] as number;
        w1[j] = wj - (dec ? f(f(d * scale) + f(wj * decay)) : f(d * scale));
      }
    }
    if (a.wantDirections) {
      const dd = backend.typedArrayFromHeap(dOuts[i] as TensorInfo) as Float32Array;
      for (let j = 0; j < len; j++) dd[j] = f(f((m1[o + j] as number) / f(f(Math.sqrt(v1[o + j] as number)) + eps)) * k);
    }
    o += len;
  }
  return [mOut, vOut, ...wOuts, ...dOuts];
};

/**
 * Registers {@link FUSED_ADAM} for a wasm backend (idempotent). Returns false, registering
 * nothing, when `backendName` is not a wasm backend (no heap to work on).
 */
export function ensureFusedAdam(backendName: string, backend: unknown): boolean {
  if (getKernel(FUSED_ADAM, backendName)) return true;
  const b = backend as Partial<WasmBackendLike> | undefined;
  if (!b || typeof b.typedArrayFromHeap !== 'function' || typeof b.makeOutput !== 'function' || simdFor(backend) === undefined) return false;
  registerKernel({ kernelName: FUSED_ADAM, backendName, kernelFunc: fusedAdam as unknown as KernelConfig['kernelFunc'] });
  return true;
}
