/**
 * What the dashboard reads from the API, as the pages and charts use it. These mirror the
 * outputs of `@epigenome/api`'s procedures (brief: experiments, trials, series, events, lineage,
 * marks, analysis, live); `dashboard-api.ts` is the one place that calls them.
 */
export type ExperimentStatus = 'running' | 'completed' | 'failed' | 'interrupted';
export const EXPERIMENT_STATUSES: readonly ExperimentStatus[] = ['running', 'completed', 'failed', 'interrupted'];
export type Level = 'step' | 'epoch' | 'population' | 'lineage';
export const LEVELS: readonly Level[] = ['lineage', 'population', 'epoch', 'step'];
export type ExperimentSort = 'created' | 'name' | 'best' | 'duration' | 'status';
export type ChoiceValue = string | number | boolean;

export interface ExperimentItem {
  readonly id: string;
  readonly name: string;
  readonly status: ExperimentStatus;
  readonly backend: string;
  /** ms since the epoch. */
  readonly createdAt: number;
  readonly durationMs: number;
  readonly population?: number | undefined;
  readonly tags: readonly string[];
  readonly regulators: Readonly<Record<Level, readonly string[]>>;
  readonly objective?: { readonly metric: string; readonly mode: 'max' | 'min' };
  readonly best?: { readonly trialId: string; readonly value: number } | undefined;
  readonly trials: number;
  readonly running?: boolean;
}

export interface ExperimentPage {
  readonly items: readonly ExperimentItem[];
  readonly nextCursor?: string | undefined;
}

export interface ExperimentListInput {
  readonly statuses?: ExperimentStatus[];
  readonly name?: string;
  readonly tag?: string;
  readonly sort?: ExperimentSort;
  readonly order?: 'asc' | 'desc';
  readonly limit?: number;
  readonly cursor?: string;
}

/** `experiments.get`: the stored record with counts and whether this server runs it. */
export interface ExperimentDetail {
  readonly id: string;
  readonly name: string;
  readonly status: ExperimentStatus;
  readonly spec?: unknown;
  readonly summary?: unknown;
  readonly backend: string;
  readonly createdAt: number;
  readonly updatedAt: number;
  readonly counts?: { readonly trials: number; readonly metrics: number; readonly events: number };
  readonly running?: boolean;
}

export interface TrialItem {
  readonly id: string;
  readonly status: string;
  readonly step: number;
  readonly fitness: number | null | undefined;
  readonly parentId: string | null | undefined;
  readonly generation: number;
  readonly config: Readonly<Record<string, ChoiceValue>>;
}

export interface SeriesPoint {
  readonly step: number;
  readonly value: number;
}

export interface SeriesBucket {
  readonly fromStep: number;
  readonly toStep: number;
  readonly n: number;
  readonly min: SeriesPoint;
  readonly max: SeriesPoint;
  readonly last: SeriesPoint;
}

export interface BucketedSeries {
  readonly trialId: string;
  readonly name: string;
  readonly total: number;
  readonly method: 'raw' | 'buckets';
  readonly points: readonly SeriesPoint[];
  readonly buckets: readonly SeriesBucket[];
}

export interface StoredEvent {
  readonly id: number;
  readonly trialId: string;
  readonly step: number;
  readonly level: Level;
  readonly regulator: string;
  readonly kind: 'change' | 'exploit' | 'rollback' | 'stop';
  readonly param: string;
  readonly from: ChoiceValue | null;
  readonly to: ChoiceValue | null;
  readonly reason: string;
}

export interface LineageGraph {
  readonly nodes: readonly TrialItem[];
  readonly edges: readonly { readonly childId: string; readonly parentId: string; readonly step: number }[];
}

export interface MarkItem {
  readonly id: string;
  readonly fitness: number;
  readonly strength: number;
  readonly decayedStrength: number;
  readonly halfLifeDays: number;
  readonly updatedAt: number;
  readonly sourceExperimentId: string | null | undefined;
  readonly similarity?: number;
  readonly inherited?: number;
  readonly erased?: boolean;
  readonly regulation?: { readonly kind: string };
}

export interface ImportanceItem {
  readonly param: string;
  readonly importance: number;
}

export interface ImpactSpectrum {
  readonly edges: readonly number[];
  readonly groups: readonly { readonly group: string; readonly counts: readonly number[] }[];
}

/** `series.compare`: one experiment's population best-so-far curve of a metric. */
export interface CompareCurve {
  readonly experimentId: string;
  readonly name?: string;
  /** The population's best-so-far value over steps. */
  readonly bestSoFar: readonly SeriesPoint[];
  readonly bestTrialId?: string | null;
}

/** `marks.list`: marks ranked for an experiment's context. */
export interface MarkList {
  readonly context: unknown;
  readonly items: readonly MarkItem[];
}

/** `analysis.impact`: per-event impact and its distribution by regulator and by event kind. */
export interface ImpactResult {
  readonly metric: string;
  readonly mode: 'max' | 'min';
  readonly byRegulator: ImpactSpectrum;
  readonly byKind: ImpactSpectrum;
}

/** `analysis.importance`. */
export interface ImportanceResult {
  readonly metric: string;
  readonly trials: number;
  readonly importance: readonly ImportanceItem[];
}

/** One message of the `live.experiment` subscription; the dashboard refreshes what it shows on each. */
export type LiveMessage =
  | { readonly type: 'metrics'; readonly trialId: string; readonly name: string; readonly points: readonly SeriesPoint[] }
  | { readonly type: 'events'; readonly events: readonly StoredEvent[] }
  | { readonly type: 'trial'; readonly trial: TrialItem }
  | { readonly type: 'status'; readonly status: ExperimentStatus; readonly running: boolean };
