import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { AnyKernelFunc, WasmBackendLike } from './wasm-backend';

interface Attrs {
  strides: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dataFormat?: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** Largest im2col matrix (elements) built for the fast path; above it, the convolution form. */
const IM2COL_LIMIT = 8_000_000;

/**
 * Conv2DBackpropFilter for wasm (missing there). Fast path (im2col): the patch matrix Pᵀ
 * [KH·KW·Ci, N] (N = B·OH·OW, zeros for padding, any stride) is built in one pass on the heap,
 * then dW = Pᵀ · dy[N, Co] is one untransposed matMul (XNNPACK) whose [KH·KW·Ci, Co] result is
 * already dW's memory layout. For very large inputs it falls back to one forward convolution:
 * dW[kh,kw,ci,co] = Σ_{b,oh,ow} x[b, oh·s+kh−pad, ow·s+kw−pad, ci] · dy[b,oh,ow,co]
 * is a convolution of xᵀ [Ci,H,W,B] with dyᵀ [OH,OW,B,Co] at dilation s (the forward stride)
 * and explicit padding, cropped to [KH,KW] and transposed back to [KH,KW,Ci,Co].
 */
export function conv2dBackpropFilterConfig(
  backendName: string,
  kernels: { conv2d: KernelConfig; transpose: KernelConfig; slice: KernelConfig; batchMatMul: KernelConfig },
  im2colLimit = IM2COL_LIMIT,
): KernelConfig {
  const conv = kernels.conv2d.kernelFunc as unknown as AnyKernelFunc;
  const matMul = kernels.batchMatMul.kernelFunc as unknown as AnyKernelFunc;
  const trans = kernels.transpose.kernelFunc as unknown as AnyKernelFunc;
  const slice = kernels.slice.kernelFunc as unknown as AnyKernelFunc;
  const kernelFunc: AnyKernelFunc = (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const attrs = args.attrs as unknown as Attrs;
    const backend = args.backend as WasmBackendLike;
    if (attrs.dataFormat === 'NCHW') throw new Error('Conv2DBackpropFilter on wasm supports dataFormat NHWC only');
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], attrs.filterShape, attrs.strides, 1, attrs.pad, attrs.dimRoundingMode);
    const [kh, kw, ci, co] = attrs.filterShape;
    const n = info.batchSize * info.outHeight * info.outWidth;
    if (kh * kw * ci * n <= im2colLimit) {
      const rows = kh * kw * ci;
      const patches = backend.makeOutput([rows, n], 'float32');
      try {
        const xs = backend.typedArrayFromHeap(x);
        const p = backend.typedArrayFromHeap(patches);
        const { inHeight: H, inWidth: W, outHeight: OH, outWidth: OW, strideHeight: sh, strideWidth: sw } = info;
        const top = info.padInfo.top;
        const left = info.padInfo.left;
        for (let r = 0; r < kh; r++) {
          for (let c = 0; c < kw; c++) {
            for (let ch = 0; ch < ci; ch++) {
              let o = ((r * kw + c) * ci + ch) * n;
              for (let b = 0; b < info.batchSize; b++) {
                for (let oh = 0; oh < OH; oh++) {
                  const xr = oh * sh + r - top;
                  if (xr < 0 || xr >= H) {
                    p.fill(0, o, o + OW);
                    o += OW;
                    continue;
                  }
                  const rowBase = (b * H + xr) * W;
                  if (ci === 1 && sw === 1) {
                    // a contiguous run of the input row: one copy, zeros at the padded edges
                    const lo = Math.min(OW, Math.max(0, left - c));
                    const hi = Math.max(lo, Math.min(OW, W + left - c));
                    if (lo > 0) p.fill(0, o, o + lo);
                    p.set(xs.subarray(rowBase + lo + c - left, rowBase + hi + c - left), o + lo);
                    if (hi < OW) p.fill(0, o + hi, o + OW);
                    o += OW;
                    continue;
                  }
                  for (let ow = 0; ow < OW; ow++) {
                    const xc = ow * sw + c - left;
                    p[o++] = xc < 0 || xc >= W ? 0 : (xs[(rowBase + xc) * ci + ch] as number);
                  }
                }
              }
            }
          }
        }
        const dyFlat: TensorInfo = { dataId: dy.dataId, shape: [n, co], dtype: dy.dtype };
        const out = matMul({ inputs: { a: patches, b: dyFlat }, backend, attrs: { transposeA: false, transposeB: false } }) as TensorInfo;
        return { dataId: out.dataId, shape: [kh, kw, ci, co], dtype: out.dtype };
      } finally {
        backend.disposeData(patches.dataId);
      }
    }
    const temps: TensorInfo[] = [];
    const keep = <T extends TensorInfo>(t: T): T => (temps.push(t), t);
    try {
      const xT = keep(trans({ inputs: { x }, backend, attrs: { perm: [3, 1, 2, 0] } }) as TensorInfo);
      const dyT = keep(trans({ inputs: { x: dy }, backend, attrs: { perm: [1, 2, 0, 3] } }) as TensorInfo);
      const p = info.padInfo;
      const r = keep(
        conv({
          inputs: { x: xT, filter: dyT },
          backend,
          attrs: {
            strides: [1, 1],
            pad: [
              [0, 0],
              [p.top, p.bottom],
              [p.left, p.right],
              [0, 0],
            ],
            dataFormat: 'NHWC',
            dilations: [info.strideHeight, info.strideWidth],
          },
        }) as TensorInfo,
      );
      let cropped = r;
      if (r.shape[1] !== kh || r.shape[2] !== kw) {
        cropped = keep(slice({ inputs: { x: r }, backend, attrs: { begin: [0, 0, 0, 0], size: [ci, kh, kw, co] } }) as TensorInfo);
      }
      return trans({ inputs: { x: cropped }, backend, attrs: { perm: [1, 2, 0, 3] } }) as TensorInfo;
    } finally {
      for (const t of temps) backend.disposeData(t.dataId);
    }
  };
  return { kernelName: 'Conv2DBackpropFilter', backendName, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] };
}
