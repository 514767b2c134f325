import { tinySpec as hostSpec } from '../../../../libs/api/src/server/test/tiny-spec';

/** A small, fast spec on generated data for the CLI's end-to-end tests: the server's, with lineage (marks inherited and written). */
export function tinySpec(overrides: Record<string, unknown> = {}) {
  const { memory: _memory, regulators, ...base } = hostSpec();
  return { ...base, regulators: { lineage: [{ use: 'inherit-marks' }], ...regulators }, ...overrides };
}
