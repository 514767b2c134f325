// The fuzz test's requests: fast-check inputs each procedure's schema refuses, and hand-written hostile cases.
import { appRouter } from '@epigenome/api';
import fc from 'fast-check';
// The generator of refused inputs and the router's own field names, from the api library's sources.
import { HOSTILE_STRINGS, invalidInputs } from '../../../../libs/api/src/test/hostile-inputs';
import { fieldOf } from '../../../../libs/api/src/router/input-error';
import { queryPath, type RawRequest } from './raw-request';

/** A request and what its answer must be: a 4xx status (one of `status`) naming `field` when given. */
export interface HostileCase {
  readonly what: string;
  readonly request: RawRequest;
  readonly status: readonly number[];
  readonly field?: string;
}

/** A zod schema, as the api library's generator takes it. */
type Schema = Parameters<typeof invalidInputs>[0];
type ProcedureDef = { _def: { type: 'query' | 'mutation' | 'subscription'; inputs: Schema[] } };

/** Every procedure of the router: its dotted path, kind and input schema (undefined: takes none). */
export function procedures(): { path: string; type: ProcedureDef['_def']['type']; schema: Schema | undefined }[] {
  return Object.entries(appRouter._def.procedures as unknown as Record<string, ProcedureDef>).map(([path, p]) => ({ path, type: p._def.type, schema: p._def.inputs[0] }));
}

/** The field the server names for a refused input: the first zod issue's path (an unknown key's own name), `input` at the root. */
export function refusedField(issue: { code: string; path: PropertyKey[]; keys?: string[] }): string {
  return issue.code === 'unrecognized_keys' ? fieldOf([...issue.path, issue.keys?.[0] as string]) : fieldOf(issue.path);
}

/** The request calling `path` with `input`: GET `?input=` for queries and subscriptions, POST for mutations. */
export function requestOf(type: ProcedureDef['_def']['type'], path: string, input: unknown, headers: Record<string, string>): RawRequest {
  return type === 'mutation' ? { path, method: 'POST', headers, body: JSON.stringify(input) } : { path: queryPath(path, input), headers };
}

/**
 * `perProcedure` inputs each procedure's schema refuses (fast-check, seeded), as the server will
 * read them (after a JSON round trip, re-checked: a value JSON turns valid is dropped), each
 * expected 400 naming the first issue's field.
 */
export function schemaRefusals(perProcedure: number, headers: Record<string, string>, seed = 20261130): HostileCase[] {
  const out: HostileCase[] = [];
  for (const [i, { path, type, schema }] of procedures().entries()) {
    if (schema === undefined) continue;
    for (const value of fc.sample(invalidInputs(schema), { numRuns: perProcedure, seed: seed + i })) {
      const json = JSON.stringify(value);
      if (json === undefined) continue;
      const sent: unknown = JSON.parse(json);
      const parsed = schema.safeParse(sent);
      if (parsed.success) continue;
      const request = requestOf(type, path, sent, headers);
      // A URL over Node's header limit (16 KiB) is refused before the input is read: 431, no field.
      const tooLong = request.method !== 'POST' && request.path.length > 12_000;
      out.push({ what: `${path} ${json.slice(0, 120)}`, request, status: tooLong ? [400, 431] : [400], ...(tooLong ? {} : { field: refusedField(parsed.error.issues[0]!) }) });
    }
  }
  return out;
}

const MB = 'x'.repeat(1_000_000);
const SQL = ["'or'1'='1", "x';drop/**/table/**/experiments;--", '1;delete/**/from/**/trials', "')/**/union/**/select/**/*/**/from/**/marks--"];

/** Hand-written hostile requests: wrong types, 1 MB strings, bad page sizes, SQL, unknown ids, broken JSON, oversize bodies, tokens, methods, paths. */
export function handCases(auth: Record<string, string>, maxBodyBytes: number): HostileCase[] {
  const q = (path: string, input: unknown, status: number[], field?: string): HostileCase => ({
    what: `GET ${path} ${JSON.stringify(input)?.slice(0, 80)}`,
    request: { path: queryPath(path, input), headers: auth },
    status,
    ...(field !== undefined ? { field } : {}),
  });
  const m = (path: string, body: string, status: number[], field?: string, headers: Record<string, string> = auth): HostileCase => ({
    what: `POST ${path} ${body.slice(0, 80)}`,
    request: { path, method: 'POST', headers, body },
    status,
    ...(field !== undefined ? { field } : {}),
  });
  const cases: HostileCase[] = [];
  // wrong types
  cases.push(
    q('experiments.list', { limit: '10' }, [400], 'limit'),
    q('experiments.list', { statuses: 'running' }, [400], 'statuses'),
    q('experiments.list', { tag: ['a'] }, [400], 'tag'),
    q('series.get', { trialId: 5, name: 'loss' }, [400], 'trialId'),
    q('series.compare', { experimentIds: 'a', metric: 'loss' }, [400], 'experimentIds'),
    q('marks.list', { experimentId: 'a', includeErased: 'yes' }, [400], 'includeErased'),
    q('events.list', { experimentId: ['a'] }, [400], 'experimentId'),
    q('experiments.get', 'a', [400], 'input'),
    q('experiments.get', [{ experimentId: 'a' }], [400], 'input'),
    m('experiments.stop', '"a"', [400], 'input'),
    m('experiments.stop', '42', [400], 'input'),
    m('marks.weaken', JSON.stringify({ id: 'a', amount: '0.5' }), [400], 'amount'),
    m('experiments.start', JSON.stringify({ spec: { name: 5 } }), [400]),
    m('experiments.start', JSON.stringify({ spec: 'tiny' }), [400]),
  );
  // 1 MB strings (a query's URL that long is refused before tRPC: 431 or 414)
  cases.push(
    m('experiments.stop', JSON.stringify({ experimentId: MB }), [400], 'experimentId'),
    m('marks.weaken', JSON.stringify({ id: 'a', amount: 0.5, note: MB }), [400], 'note'),
    m('experiments.delete', JSON.stringify({ [MB.slice(0, 500_000)]: 1 }), [400]),
    q('experiments.get', { experimentId: MB }, [431]),
    q('experiments.list', { name: 'x'.repeat(5_000) }, [400], 'name'),
  );
  // page sizes and other bounds
  for (const limit of [-1, 0, 501, 1e9, 2 ** 53, 1.5, -1e308, 1e308]) {
    cases.push(
      q('experiments.list', { limit }, [400], 'limit'),
      q('events.list', { experimentId: 'a', limit }, [400], 'limit'),
      q('marks.list', { experimentId: 'a', limit }, [400], 'limit'),
    );
  }
  for (const buckets of [-1, 0, 1, 5001, 1e12]) cases.push(q('series.get', { trialId: 'a', name: 'loss', buckets }, [400], 'buckets'));
  cases.push(
    q('series.get', { trialId: 'a', name: 'loss', fromStep: -1 }, [400], 'fromStep'),
    q('series.get', { trialId: 'a', name: 'loss', toStep: 2 ** 31 }, [400], 'toStep'),
    q('series.compare', { experimentIds: [], metric: 'loss' }, [400], 'experimentIds'),
    q('series.compare', { experimentIds: Array.from({ length: 9 }, (_, i) => `e${i}`), metric: 'loss' }, [400], 'experimentIds'),
    q('analysis.impact', { experimentId: 'a', window: 0 }, [400], 'window'),
    m('marks.weaken', JSON.stringify({ id: 'a', amount: 1.5 }), [400], 'amount'),
    m('marks.weaken', JSON.stringify({ id: 'a', amount: -0.1 }), [400], 'amount'),
    q('experiments.list', { cursor: 'not-a-cursor' }, [400], 'cursor'),
    q('live.experiment', { experimentId: 'a', lastEventId: 'not-an-id' }, [400], 'lastEventId'),
  );
  // SQL fragments: where they are not allowed, refused by name; as ids (a valid shape), not found
  for (const s of SQL) {
    cases.push(
      q('experiments.list', { sort: s }, [400], 'sort'),
      q('experiments.list', { order: s }, [400], 'order'),
      q('experiments.get', { experimentId: s }, [404], 'experimentId'),
      m('experiments.delete', JSON.stringify({ experimentId: s }), [404], 'experimentId'),
      m('marks.erase', JSON.stringify({ id: s }), [404], 'id'),
    );
  }
  for (const s of HOSTILE_STRINGS) cases.push(q('experiments.list', { sort: s }, [400], 'sort'));
  // unknown ids of every procedure that takes one: 404 naming it, nothing changed
  const nope = 'no-such-record-4f1c';
  for (const path of [
    'experiments.get',
    'experiments.runState',
    'trials.list',
    'series.names',
    'events.list',
    'lineage.get',
    'marks.list',
    'analysis.importance',
    'analysis.impact',
    'live.experiment',
  ])
    cases.push(q(path, { experimentId: nope }, [404], 'experimentId'));
  for (const path of ['experiments.stop', 'experiments.resume', 'experiments.delete']) cases.push(m(path, JSON.stringify({ experimentId: nope }), [404], 'experimentId'));
  cases.push(
    q('series.get', { trialId: nope, name: 'loss' }, [404], 'trialId'),
    q('series.compare', { experimentIds: [nope], metric: 'loss' }, [404]),
    m('marks.erase', JSON.stringify({ id: nope }), [404], 'id'),
    m('marks.weaken', JSON.stringify({ id: nope, amount: 0.5 }), [404], 'id'),
  );
  // broken JSON
  for (const body of ['{"experimentId": ', '{', '[', 'nul', '{"experimentId": "a"}}', "{'experimentId': 'a'}", '\u0000', '{"experimentId": "\\ud800"'])
    cases.push(m('experiments.stop', body, [400]));
  for (const raw of ['%7B', '%7B%22experimentId%22%3A', 'nul', '%E0%A4%A', '%00'])
    cases.push({ what: `GET experiments.get?input=${raw}`, request: { path: `experiments.get?input=${raw}`, headers: auth }, status: [400] });
  // oversize bodies: a declared length over the limit, and one beyond it without a length (chunked)
  const oversize = JSON.stringify({ spec: { name: 'x'.repeat(maxBodyBytes) } });
  cases.push(m('experiments.start', oversize, [413]), m('experiments.stop', JSON.stringify({ experimentId: 'x'.repeat(maxBodyBytes + 10) }), [413]), {
    what: 'chunked oversize body',
    request: { path: 'experiments.start', method: 'POST', headers: auth, body: oversize, chunked: true },
    status: [413],
  });
  // tokens
  const badTokens: Record<string, string>[] = [
    {},
    { authorization: 'Bearer wrong-token-of-enough-length' },
    { authorization: 'Basic abc' },
    { authorization: `${auth.authorization} extra` },
    { authorization: '' },
  ];
  for (const headers of badTokens) {
    cases.push({ what: `token ${JSON.stringify(headers)} health`, request: { path: 'health', headers }, status: [401] });
    cases.push({
      what: `token ${JSON.stringify(headers)} stop`,
      request: { path: 'experiments.stop', method: 'POST', headers, body: JSON.stringify({ experimentId: 'a' }) },
      status: [401],
    });
    cases.push({ what: `token ${JSON.stringify(headers)} list`, request: { path: queryPath('experiments.list', {}), headers }, status: [401] });
  }
  // wrong methods and unknown procedures
  cases.push(
    { what: 'GET a mutation', request: { path: queryPath('experiments.delete', { experimentId: 'a' }), headers: auth }, status: [405] },
    { what: 'POST a query', request: { path: 'experiments.list', method: 'POST', headers: auth, body: '{}' }, status: [405] },
    { what: 'PUT', request: { path: 'experiments.delete', method: 'PUT', headers: auth, body: '{"experimentId":"a"}' }, status: [405] },
    { what: 'DELETE', request: { path: 'experiments.delete', method: 'DELETE', headers: auth }, status: [405, 415] },
    { what: 'PATCH', request: { path: 'experiments.stop', method: 'PATCH', headers: auth, body: '{}' }, status: [405] },
    { what: 'unknown query', request: { path: 'experiments.nope', headers: auth }, status: [404] },
    { what: 'unknown mutation', request: { path: 'experiments.drop', method: 'POST', headers: auth, body: '{}' }, status: [404] },
    { what: 'unknown router', request: { path: 'admin.users', headers: auth }, status: [404] },
    { what: 'prototype path', request: { path: '__proto__', headers: auth }, status: [404] },
    { what: 'constructor path', request: { path: 'experiments.constructor', headers: auth }, status: [404] },
    { what: 'root', request: { path: '', headers: auth }, status: [404] },
  );
  return cases;
}
