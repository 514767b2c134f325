/**
 * The fraction of a step's squared batch gradient that is the expected gradient G rather than
 * mini-batch noise, from the gradients ga, gb of the batch's two halves (ga, gb = G + independent
 * noise of variance σ²ₕ each): E[ga · gb] = ‖G‖² and E[‖ga‖² + ‖gb‖²] ÷ 2 = ‖G‖² + σ²ₕ; the
 * whole batch's noise is σ²ₕ ÷ 2, so the fraction is ‖G‖² ÷ (‖G‖² + σ²ₕ ÷ 2), in [0, 1]
 * (McCandlish et al. 2018, "An Empirical Model of Large-Batch Training": B ÷ (B + B_noise)).
 */
export function signalFraction(ab: number, squares: number): number {
  const signal = Math.max(0, ab);
  const noise = Math.max(0, squares / 2 - ab) / 2;
  const f = signal / (signal + noise);
  return Number.isFinite(f) ? f : 0;
}
