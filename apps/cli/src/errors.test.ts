import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, emptyStore, workDir, writeSpec } from './test/cli-process';
import { tinySpec } from '@epigenome/runner/testing';

const work = workDir();

/** The whole stderr is exactly one `error: …` line. */
function oneErrorLine(stderr: string): string {
  expect(stderr).toMatch(/^error: [^\n]+\n$/);
  return stderr.trimEnd();
}

describe('bad input answers with one line, exit 1, before any store is opened', () => {
  it('a bad spec names the path, the value and what is allowed, and creates no store', () => {
    const db = join(work, 'db-bad-spec');
    const r = cli(['--db', db, 'run', writeSpec(work, 'bad', tinySpec({ population: 0 }))]);
    expect(r.status).toBe(1);
    expect(oneErrorLine(r.stderr)).toContain('spec.population must be ≥ 1; got 0');
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('an unknown regulator is reported before the store is created', () => {
    const db = join(work, 'db-unknown');
    const r = cli(['--db', db, 'run', writeSpec(work, 'unknown', tinySpec({ regulators: { step: [{ use: 'hypergradiant' }] } }))]);
    expect(r.status).toBe(1);
    expect(oneErrorLine(r.stderr)).toMatch(/spec.regulators.step\[0\].use: unknown regulator "hypergradiant"; known: .*hypergradient/);
    expect(r.stdout).toBe('');
    expect(existsSync(db)).toBe(false);
  });

  it('resume of an unknown id prints nothing but the error', () => {
    const db = emptyStore(join(work, 'db-empty'));
    const r = cli(['--db', db, 'resume', 'no-such-id']);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(oneErrorLine(r.stderr)).toMatch(/experiment "no-such-id" not found/);
    expect(cli(['--db', db, 'show', 'nope', '--json']).stderr).toMatch(/^error: experiment "nope" not found/);
  });

  it('a 100 kB id is refused before the store opens, and never echoed whole', () => {
    const db = join(work, 'db-huge-id');
    for (const args of [
      ['resume', 'i'.repeat(100_000)],
      ['show', 'i'.repeat(100_000)],
      ['memory', 'erase', 'i'.repeat(100_000)],
    ]) {
      const r = cli(['--db', db, ...args]);
      expect(r.status).toBe(1);
      expect(r.stdout).toBe('');
      expect(oneErrorLine(r.stderr)).toBe(`error: id must be 1–200 printable characters without spaces; got "${'i'.repeat(79)}…" (100000 characters)`);
    }
    expect(existsSync(db)).toBe(false);
  });

  it('an error prints its message without a stack, the stack only with EPIGENOME_DEBUG=1', () => {
    const path = join(work, 'broken.json');
    writeFileSync(path, '{"name": "broken",');
    const plain = cli(['--db', join(work, 'db-broken'), 'run', path]);
    expect(plain.status).toBe(1);
    expect(oneErrorLine(plain.stderr)).toMatch(/broken.json is not valid JSON/);
    const debug = cli(['--db', join(work, 'db-broken'), 'run', path], { EPIGENOME_DEBUG: '1' });
    expect(debug.status).toBe(1);
    expect(debug.stderr.split('\n')[0]).toBe(plain.stderr.trimEnd());
    expect(debug.stderr).toMatch(/\n\s+at /);
  });

  it('a usage error is one line too', () => {
    const r = cli(['run']);
    expect(r.status).toBe(1);
    expect(oneErrorLine(r.stderr)).toMatch(/missing required argument 'spec'/);
  });
});
