import { tinySpec as sharedSpec } from '@epigenome/runner/testing';

/** The workspace's tiny spec without lineage (no marks inherited or written): runs in one store never influence each other. */
export function tinySpec(overrides: Record<string, unknown> = {}) {
  const { lineage: _lineage, ...regulators } = sharedSpec().regulators;
  return sharedSpec({ regulators, memory: { inherit: false, writeMarks: false }, ...overrides });
}
