import type { AppRouter, LiveMessage as RouterLiveMessage } from '@epigenome/api';
import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';

/**
 * What the dashboard reads from the API: the router's own input and output types (inferred from
 * `AppRouter`), named as the pages and charts use them — a change of the router shows up here.
 */
type Out = inferRouterOutputs<AppRouter>;
type In = inferRouterInputs<AppRouter>;

export type ExperimentPage = Out['experiments']['list'];
export type ExperimentItem = ExperimentPage['items'][number];
export type ExperimentListInput = Exclude<In['experiments']['list'], void | undefined>;
export type ExperimentSort = NonNullable<ExperimentListInput['sort']>;
export type ExperimentDetail = Out['experiments']['get'];
export type ExperimentStatus = ExperimentItem['status'];
/** The vocabulary of a spec (`catalog.spec`): datasets, model kinds, levels, built-in regulators. */
export type SpecCatalog = Out['catalog']['spec'];
export type TrialItem = Out['trials']['list'][number];
/** A series answer in columns: parallel arrays `step`, `value` (raw: every point; buckets: each one's last point), and for buckets `fromStep`, `n`, `minStep`, `minValue`, `maxStep`, `maxValue`. */
export type BucketedSeries = Out['series']['get'];
/** A point of a series, as `BucketedSeries` holds it at index `i` of `step` and `value`. */
export type SeriesPoint = { readonly step: BucketedSeries['step'][number]; readonly value: BucketedSeries['value'][number] };
/** Every trial's series of one metric in one answer (`series.population`). */
export type PopulationSeries = Out['series']['population'];
export type CompareCurve = Out['series']['compare'][number];
export type StoredEvent = Out['events']['list']['items'][number];
export type Level = StoredEvent['level'];
export type ChoiceValue = string | number | boolean;
export type LineageGraph = Out['lineage']['get'];
export type MarkList = Out['marks']['list'];
export type MarkItem = MarkList['items'][number];
export type ImpactResult = Out['analysis']['impact'];
export type ImpactSpectrum = ImpactResult['byRegulator'];
export type ImportanceResult = Out['analysis']['importance'];
export type ImportanceItem = ImportanceResult['importance'][number];
export type PopulationBands = Out['aggregate']['population'];
export type PopulationBand = PopulationBands['bands'][number];
export type EventBuckets = Out['aggregate']['events'];
export type EventBucket = EventBuckets['buckets'][number];
/** One message of the `live.experiment` subscription. */
export type LiveMessage = RouterLiveMessage;

export const EXPERIMENT_STATUSES: readonly ExperimentStatus[] = ['running', 'completed', 'failed', 'interrupted'];
/** Levels top to bottom (lineage outermost). */
export const LEVELS: readonly Level[] = ['lineage', 'population', 'epoch', 'step'];
