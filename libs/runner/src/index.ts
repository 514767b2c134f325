export { runExperiment, resumeExperiment } from './run-experiment';
export type { Budget, ExperimentResult, RunExperimentOptions, RunnerProgress, RunnerState, TrialSummary } from './run-experiment';
export { inheritMarks } from './lineage/inherit-marks';
export type { InheritMarksOptions, InheritanceReport } from './lineage/inherit-marks';
export { createLineageView } from './lineage/lineage-view';
export { markStrength, writeMarks } from './lineage/write-marks';
export type { WriteMarksInput } from './lineage/write-marks';
