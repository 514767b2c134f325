export { runScripted } from './scripted-run';
export type { Script, ScriptAction, ScriptedRunOptions, TranscriptEntry } from './scripted-run';
export { toyTraining } from './toy-training';
export type { ToyTrainingOptions } from './toy-training';
