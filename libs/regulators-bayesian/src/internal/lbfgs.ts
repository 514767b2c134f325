// Box-constrained quasi-Newton minimiser: projected L-BFGS with an active set and a backtracking
// Armijo search along the projected path (a light-weight cousin of L-BFGS-B, Byrd et al. 1995).

/** Objective: returns f(x) and writes ∇f(x) into `grad`. */
export type Objective = (x: Float64Array, grad: Float64Array) => number;

/** Options of {@link minimizeBox}. */
export interface MinimizeOptions {
  /** Iterations. Default 100. */
  maxIterations?: number;
  /** Memory pairs kept. Default 8. */
  memory?: number;
  /** Stop when the largest projected-gradient component is below this. Default 1e-6. */
  gradientTolerance?: number;
  /** Stop when the relative decrease of f in one iteration is below this. Default 1e-10. */
  functionTolerance?: number;
}

/** Result of {@link minimizeBox}. */
export interface MinimizeResult {
  x: Float64Array;
  f: number;
  iterations: number;
  evaluations: number;
}

const clamp = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/** Minimises `f` over the box [lower, upper] from `x0` (projected into the box first). */
export function minimizeBox(f: Objective, x0: ArrayLike<number>, lower: ArrayLike<number>, upper: ArrayLike<number>, options: MinimizeOptions = {}): MinimizeResult {
  const n = x0.length;
  const maxIter = options.maxIterations ?? 100;
  const m = options.memory ?? 8;
  const gtol = options.gradientTolerance ?? 1e-6;
  const ftol = options.functionTolerance ?? 1e-10;
  const x = new Float64Array(n);
  for (let i = 0; i < n; i++) x[i] = clamp(x0[i] as number, lower[i] as number, upper[i] as number);
  const g = new Float64Array(n);
  let fx = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(fx)) return { x, f: fx, iterations: 0, evaluations };
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const d = new Float64Array(n);
  const xn = new Float64Array(n);
  const gn = new Float64Array(n);
  const free = new Uint8Array(n);
  const alpha = new Float64Array(m);
  let iter = 0;
  for (; iter < maxIter; iter++) {
    let pg = 0;
    for (let i = 0; i < n; i++) {
      const gi = g[i] as number;
      const atLo = (x[i] as number) <= (lower[i] as number) && gi > 0;
      const atHi = (x[i] as number) >= (upper[i] as number) && gi < 0;
      free[i] = atLo || atHi ? 0 : 1;
      if (free[i]) pg = Math.max(pg, Math.abs(gi));
    }
    if (pg < gtol) break;
    // two-loop recursion on the free variables
    for (let i = 0; i < n; i++) d[i] = free[i] ? -(g[i] as number) : 0;
    for (let k = S.length - 1; k >= 0; k--) {
      let s = 0;
      const sk = S[k] as Float64Array;
      for (let i = 0; i < n; i++) if (free[i]) s += (sk[i] as number) * (d[i] as number);
      const a = (rho[k] as number) * s;
      alpha[k] = a;
      const yk = Y[k] as Float64Array;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = (d[i] as number) - a * (yk[i] as number);
    }
    if (S.length > 0) {
      const sk = S[S.length - 1] as Float64Array;
      const yk = Y[Y.length - 1] as Float64Array;
      let sy = 0;
      let yy = 0;
      for (let i = 0; i < n; i++) {
        sy += (sk[i] as number) * (yk[i] as number);
        yy += (yk[i] as number) * (yk[i] as number);
      }
      const gamma = yy > 0 ? sy / yy : 1;
      for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
    }
    for (let k = 0; k < S.length; k++) {
      let s = 0;
      const yk = Y[k] as Float64Array;
      for (let i = 0; i < n; i++) if (free[i]) s += (yk[i] as number) * (d[i] as number);
      const b = (rho[k] as number) * s;
      const sk = S[k] as Float64Array;
      for (let i = 0; i < n; i++) if (free[i]) d[i] = (d[i] as number) + ((alpha[k] as number) - b) * (sk[i] as number);
    }
    let dg = 0;
    for (let i = 0; i < n; i++) dg += (d[i] as number) * (g[i] as number);
    if (!(dg < 0)) {
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      dg = 0;
      for (let i = 0; i < n; i++) {
        d[i] = free[i] ? -(g[i] as number) : 0;
        dg -= (d[i] as number) * (g[i] as number);
      }
      if (!(dg < 0)) break;
    }
    let step = 1;
    if (S.length === 0) {
      let norm = 0;
      for (let i = 0; i < n; i++) norm = Math.max(norm, Math.abs(d[i] as number));
      if (norm > 1) step = 1 / norm;
    }
    let fn = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let ls = 0; ls < 30; ls++) {
      let decrease = 0;
      for (let i = 0; i < n; i++) {
        xn[i] = clamp((x[i] as number) + step * (d[i] as number), lower[i] as number, upper[i] as number);
        decrease += (g[i] as number) * ((xn[i] as number) - (x[i] as number));
      }
      fn = f(xn, gn);
      evaluations++;
      if (Number.isFinite(fn) && fn <= fx + 1e-4 * decrease) {
        accepted = true;
        break;
      }
      step *= ls < 2 ? 0.1 : 0.5;
    }
    if (!accepted) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    let sy = 0;
    for (let i = 0; i < n; i++) {
      s[i] = (xn[i] as number) - (x[i] as number);
      y[i] = (gn[i] as number) - (g[i] as number);
      sy += (s[i] as number) * (y[i] as number);
    }
    if (sy > 1e-12) {
      S.push(s);
      Y.push(y);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    const prev = fx;
    x.set(xn);
    g.set(gn);
    fx = fn;
    if (Math.abs(prev - fx) <= ftol * Math.max(1, Math.abs(prev), Math.abs(fx))) {
      iter++;
      break;
    }
  }
  return { x, f: fx, iterations: iter, evaluations };
}
