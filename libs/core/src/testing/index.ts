export { runScripted } from './scripted-run';
export type { Script, ScriptAction, ScriptedRunOptions, TranscriptEntry } from './scripted-run';
