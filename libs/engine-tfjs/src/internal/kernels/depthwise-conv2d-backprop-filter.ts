import { backend_util, type KernelConfig, type TensorInfo } from '@tensorflow/tfjs';
import type { AnyKernelFunc, WasmBackendLike } from './wasm-backend';

interface Attrs {
  strides: number | [number, number];
  dilations: number | [number, number];
  pad: 'valid' | 'same' | number | backend_util.ExplicitPadding;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/**
 * DepthwiseConv2dNativeBackpropFilter for wasm (missing there): a direct loop over the inputs
 * read in place on the wasm heap (NHWC). dW[kh,kw,c,m] = Σ x[b, oh·s+kh·d−pad, ow·s+kw·d−pad, c] · dy[b,oh,ow,c·M+m].
 */
export function depthwiseConv2dBackpropFilterConfig(backendName: string): KernelConfig {
  const kernelFunc: AnyKernelFunc = (args) => {
    const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
    const a = args.attrs as unknown as Attrs;
    const backend = args.backend as WasmBackendLike;
    const info = backend_util.computeConv2DInfo(x.shape as [number, number, number, number], a.filterShape, a.strides, a.dilations, a.pad, a.dimRoundingMode, true);
    const {
      strideHeight: sh,
      strideWidth: sw,
      dilationHeight: dh,
      dilationWidth: dw,
      filterHeight: fh,
      filterWidth: fw,
      inHeight: H,
      inWidth: W,
      outHeight: OH,
      outWidth: OW,
      inChannels: C,
      outChannels: CO,
      batchSize: B,
    } = info;
    const top = info.padInfo.top;
    const left = info.padInfo.left;
    const M = CO / C;
    const out = backend.makeOutput(info.filterShape, 'float32');
    const xs = backend.typedArrayFromHeap(x);
    const ds = backend.typedArrayFromHeap(dy);
    const dW = backend.typedArrayFromHeap(out);
    dW.fill(0);
    for (let wr = 0; wr < fh; wr++) {
      for (let wc = 0; wc < fw; wc++) {
        const base = (wr * fw + wc) * CO;
        for (let b = 0; b < B; b++) {
          for (let yr = 0; yr < OH; yr++) {
            const xr = yr * sh + wr * dh - top;
            if (xr < 0 || xr >= H) continue;
            for (let yc = 0; yc < OW; yc++) {
              const xc = yc * sw + wc * dw - left;
              if (xc < 0 || xc >= W) continue;
              const xo = ((b * H + xr) * W + xc) * C;
              const yo = ((b * OH + yr) * OW + yc) * CO;
              for (let c = 0; c < C; c++) {
                const xv = xs[xo + c] as number;
                for (let m = 0; m < M; m++) dW[base + c * M + m] = (dW[base + c * M + m] as number) + xv * (ds[yo + c * M + m] as number);
              }
            }
          }
        }
      }
    }
    return out;
  };
  return { kernelName: 'DepthwiseConv2dNativeBackpropFilter', backendName, kernelFunc: kernelFunc as unknown as KernelConfig['kernelFunc'] };
}
