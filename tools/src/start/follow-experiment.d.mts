export interface RunState {
  readonly status: string;
  readonly round: number;
  readonly running?: boolean;
  readonly result?: { readonly best?: { readonly fitness: number; readonly metrics: Readonly<Record<string, number>> } };
  readonly error?: { readonly code: string; readonly message: string };
}
export interface ExperimentDetail {
  readonly spec?: { readonly objective?: { readonly metric?: string } };
  readonly counts: { readonly trials: number; readonly metrics: number; readonly events: number };
}
export function progressLine(state: RunState, detail: ExperimentDetail): string;
export function followExperiment(options: {
  url: string;
  experimentId: string;
  out: (line: string) => void;
  signal?: AbortSignal;
  everyMs?: number;
}): Promise<RunState | undefined>;
