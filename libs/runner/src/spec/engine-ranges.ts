import { EpigenomeError, describeRange, describeValue, type NumberRange, type SearchSpace } from '@epigenome/core';
import { HYPERPARAMETER_RANGES, MAX_WIDTH, OPTIMIZERS, isStructuralName } from '@epigenome/engine-tfjs/spec';

const RANGES: Readonly<Record<string, NumberRange>> = HYPERPARAMETER_RANGES;

function aboveMin(v: number, r: NumberRange): boolean {
  return r.min === undefined || (r.minOpen ? v > r.min : v >= r.min);
}
function belowMax(v: number, r: NumberRange): boolean {
  return r.max === undefined || (r.maxOpen ? v < r.max : v <= r.max);
}
function lowBound(r: NumberRange): string {
  return `${r.minOpen ? '>' : '≥'} ${r.min}`;
}
function highBound(r: NumberRange): string {
  return `${r.maxOpen ? '<' : '≤'} ${r.max}`;
}

/**
 * Refuses search-space bounds the TensorFlow.js engine would refuse at the first trial (e.g. `lr`
 * outside [0, 10], `optimizer` values it has no optimiser for), naming the spec path:
 * `spec.space.lr.max must be ≤ 10; got 50`; a layer's width (`width.<i>`, `filters.<i>`) must be of kind
 * `width`. Hyperparameters the engine does not know pass.
 */
export function checkEngineRanges(space: SearchSpace): void {
  const lines: { field: string; value: unknown; allowed: string }[] = [];
  for (const [name, spec] of Object.entries(space)) {
    const path = `spec.space.${name}`;
    if (name === 'optimizer') {
      const allowed = `one of ${OPTIMIZERS.map((o) => describeValue(o)).join(', ')}`;
      if (spec.kind !== 'choice') lines.push({ field: `${path}.kind`, value: spec.kind, allowed: `"choice" (${allowed})` });
      else spec.values.forEach((v, i) => (OPTIMIZERS as readonly unknown[]).includes(v) || lines.push({ field: `${path}.values[${i}]`, value: v, allowed }));
      continue;
    }
    if (isStructuralName(name)) {
      if (spec.kind !== 'width') lines.push({ field: `${path}.kind`, value: spec.kind, allowed: '"width" (a layer\'s width is structural)' });
      else if (spec.max > MAX_WIDTH) lines.push({ field: `${path}.max`, value: spec.max, allowed: `≤ ${MAX_WIDTH}` });
      continue;
    }
    const range = RANGES[name];
    if (!range) continue;
    if (spec.kind === 'choice') {
      spec.values.forEach((v, i) => {
        const ok = typeof v === 'number' && Number.isFinite(v) && aboveMin(v, range) && belowMax(v, range) && (!range.integer || Number.isInteger(v));
        if (!ok) lines.push({ field: `${path}.values[${i}]`, value: v, allowed: describeRange(range) });
      });
      continue;
    }
    if (!aboveMin(spec.min, range)) lines.push({ field: `${path}.min`, value: spec.min, allowed: lowBound(range) });
    else if (!belowMax(spec.min, range)) lines.push({ field: `${path}.min`, value: spec.min, allowed: highBound(range) });
    if (!belowMax(spec.max, range)) lines.push({ field: `${path}.max`, value: spec.max, allowed: highBound(range) });
    if (range.integer && spec.kind !== 'int') lines.push({ field: `${path}.kind`, value: spec.kind, allowed: '"int" (the engine takes whole numbers)' });
  }
  const first = lines[0];
  if (!first) return;
  throw new EpigenomeError({
    code: 'INVALID_ARGUMENT',
    field: first.field,
    value: first.value,
    allowed: first.allowed,
    message: lines.map((l) => `${l.field} must be ${l.allowed}; got ${describeValue(l.value)}`).join('\n'),
  });
}
