// Helpers for tests that run real experiments; not part of the runner's main entry.
export { tinySpec } from './tiny-spec';
