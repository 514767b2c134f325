const DAY_MS = 86_400_000;

/**
 * A mark's strength after half-life decay: `strength × 0.5^(elapsed / halfLife)`, with
 * `elapsed = now − updatedAt` (ms, negative clamped to 0) and `halfLife = halfLifeDays` days.
 */
export function decayedStrength(mark: { readonly strength: number; readonly halfLifeDays: number; readonly updatedAt: number }, now: number = Date.now()): number {
  const elapsedDays = Math.max(0, now - mark.updatedAt) / DAY_MS;
  return mark.strength * 0.5 ** (elapsedDays / mark.halfLifeDays);
}
