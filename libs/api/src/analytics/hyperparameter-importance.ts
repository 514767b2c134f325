import { checkNumber, checkOneOf, checkOptions, describeSpec, encodeValue, invalidArgument, validateSpace, type Config, type ParamSpec, type SearchSpace } from '@epigenome/core';
import { categoricalPmf, numericPmf, pearsonDivergence } from './internal/parzen-pmf';

/** Default γ: the top 10 % of trials (the paper's and Optuna's default `baseline_quantile`). */
const DEFAULT_QUANTILE = 0.1;
/** The top set never holds fewer trials than this (γ is raised for small experiments). */
const MIN_TOP = 4;
/** Fewer finite trials than this and the importance is undefined (all 0): the top set would be half of them or more. */
const MIN_TRIALS = 2 * MIN_TOP;
/** Cells of the grid on a continuous axis of the unit cube. */
const GRID_CELLS = 50;

/** Options of {@link hyperparameterImportance}. */
export interface HyperparameterImportanceOptions {
  /** Whether larger (`max`) or smaller (`min`) values are better. Default `max`. */
  mode?: 'max' | 'min';
  /** γ: the fraction of best trials whose configurations are compared with all trials', in (0, 1). Default 0.1. */
  quantile?: number;
}

interface Axis {
  readonly name: string;
  readonly spec: ParamSpec;
  /** Number of cells; 1 when the parameter cannot vary (its importance is 0). */
  readonly cells: number;
}

function axisOf(name: string, spec: ParamSpec): Axis {
  if (spec.kind === 'choice') return { name, spec, cells: spec.values.length };
  if (spec.kind === 'int' || spec.kind === 'width') return { name, spec, cells: Math.min(GRID_CELLS, spec.max - spec.min + 1) };
  return { name, spec, cells: spec.max > spec.min ? GRID_CELLS : 1 };
}

function cellOf(axis: Axis, config: Config, field: string): number {
  const { spec, name } = axis;
  const value = (config as Record<string, unknown>)[name];
  const path = `${field}.${name}`;
  if (spec.kind === 'choice') {
    const i = spec.values.indexOf(value as never);
    if (i < 0) throw invalidArgument(path, value, describeSpec(spec), { code: 'INVALID_CONFIG' });
    return i;
  }
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalidArgument(path, value, describeSpec(spec), { code: 'INVALID_CONFIG' });
  return Math.min(axis.cells - 1, Math.floor(encodeValue(spec, value) * axis.cells));
}

/**
 * Hyperparameter importance by PED-ANOVA (Watanabe, Bansal & Hutter, "PED-ANOVA: Efficiently
 * Quantifying Hyperparameter Importance in Arbitrary Subspaces", IJCAI 2023, Theorem 1): the
 * importance of dimension d is the Pearson χ² divergence D(p_d^γ ‖ p_d^γ′) between the 1-D density
 * of the configurations of the top-γ trials and that of all trials (γ′ = 1), each a Parzen estimator
 * on a grid of the unit cube, normalised over the dimensions to sum to 1. The paper's factor
 * (γ′/γ)² is common to all dimensions and cancels in the normalisation.
 *
 * - Axes: floats on 50 cells of their unit-cube axis (log specs on a log axis, see `encodeValue`);
 *   ints one cell per integer up to 50 values, else 50 cells; Gaussian kernels truncated to the
 *   grid with Scott's bandwidth plus one broad prior kernel. Choices: one cell per value, an
 *   indicator kernel per trial plus a uniform prior (no order between values).
 * - γ = `options.quantile` (default 0.1), raised so the top set holds at least 4 trials; trials
 *   tied with the cut-off are included. With fewer than 8 finite trials, or when ties put every
 *   trial in the top set, the importance is undefined and every entry is 0.
 * - Trials whose value is NaN or infinite are left out. A parameter that cannot vary (min = max,
 *   one choice) gets 0.
 *
 * @param trials the experiment's trials: each configuration and its objective value.
 * @param space the search space; one entry is returned per hyperparameter of it.
 * @returns `{ param, importance }` per hyperparameter, importances in [0, 1] summing to 1 (all 0
 *   when undefined), sorted by importance, descending (ties in space order).
 * @throws EpigenomeError `INVALID_ARGUMENT` for bad options or trials, `INVALID_SPACE` for a bad
 *   space, `INVALID_CONFIG` for a configuration missing a hyperparameter or holding a value outside
 *   its domain's type, each naming the field and what is allowed.
 */
export function hyperparameterImportance(
  trials: readonly { config: Config; value: number }[],
  space: SearchSpace,
  options?: HyperparameterImportanceOptions,
): { param: string; importance: number }[] {
  const opts = checkOptions('options', options, ['mode', 'quantile']);
  const mode = checkOneOf('options.mode', opts.mode, ['max', 'min'] as const, 'max');
  const quantile = checkNumber('options.quantile', opts.quantile, DEFAULT_QUANTILE, { min: 0, max: 1, minOpen: true, maxOpen: true });
  validateSpace(space);
  if (!Array.isArray(trials)) throw invalidArgument('trials', trials, 'an array of { config, value }');
  const axes = Object.entries(space).map(([name, spec]) => axisOf(name, spec));

  const cells: number[][] = [];
  const losses: number[] = [];
  trials.forEach((trial, i) => {
    const field = `trials[${i}]`;
    if (typeof trial !== 'object' || trial === null) throw invalidArgument(field, trial, 'an object { config, value }');
    if (typeof trial.value !== 'number') throw invalidArgument(`${field}.value`, trial.value, 'a number (NaN and infinite values are left out)');
    if (typeof trial.config !== 'object' || trial.config === null) throw invalidArgument(`${field}.config`, trial.config, 'an object of name → value', { code: 'INVALID_CONFIG' });
    const row = axes.map((axis) => cellOf(axis, trial.config, `${field}.config`));
    if (!Number.isFinite(trial.value)) return;
    cells.push(row);
    losses.push(mode === 'max' ? -trial.value : trial.value);
  });

  const zeros = axes.map((a) => ({ param: a.name, importance: 0 }));
  const n = losses.length;
  if (n < MIN_TRIALS) return zeros;
  const nTop = Math.max(MIN_TOP, Math.ceil(quantile * n));
  const cutoff = [...losses].sort((a, b) => a - b)[nTop - 1] as number;
  const isTop = losses.map((l) => l <= cutoff);
  if (isTop.every(Boolean)) return zeros;

  const raw = axes.map((axis, d) => {
    if (axis.cells < 2) return 0;
    const all = new Float64Array(axis.cells);
    const top = new Float64Array(axis.cells);
    cells.forEach((row, i) => {
      const c = row[d] as number;
      all[c] = (all[c] as number) + 1;
      if (isTop[i]) top[c] = (top[c] as number) + 1;
    });
    const pmf = axis.spec.kind === 'choice' ? categoricalPmf : numericPmf;
    return pearsonDivergence(pmf(top), pmf(all));
  });
  const sum = raw.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) return zeros;
  return axes.map((a, d) => ({ param: a.name, importance: (raw[d] as number) / sum })).sort((a, b) => b.importance - a.importance);
}
