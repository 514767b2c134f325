import { readFile, stat } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EpigenomeError, invalidArgument } from '@epigenome/core';
import type { RegulatorPlugin } from '../registry/regulator-registry';
import { checkSpecSize } from './spec-size';

/** A spec file's contents: the spec, and for module specs the plugins it registers. */
export interface LoadedSpec {
  readonly spec: unknown;
  readonly plugins: Readonly<Record<string, RegulatorPlugin>>;
  readonly path: string;
}

type TsImport = (specifier: string, parent: string) => Promise<Record<string, unknown>>;

/** The optional peer `tsx`, imported only for a TypeScript spec; its absence is named with the way out. */
async function loadTsx(path: string): Promise<TsImport> {
  try {
    return ((await import('tsx/esm/api')) as { tsImport: TsImport }).tsImport;
  } catch (cause) {
    throw new EpigenomeError({
      code: 'NOT_FOUND',
      field: 'spec',
      value: path,
      allowed: 'a .json or .js spec, or tsx installed for a .ts one',
      message: `spec file ${path} is TypeScript, which needs the optional peer dependency tsx (npm install tsx), or write the spec as .json or .js`,
      cause,
    });
  }
}

const JS_EXTENSIONS = ['.js', '.mjs', '.cjs', '.ts', '.mts', '.cts'];

/**
 * Loads a spec from a `.json` file, or from a JavaScript/TypeScript module whose default export
 * (or `spec` export) is the spec and whose optional `plugins` export maps names to regulator
 * plugins to register. TypeScript modules are loaded through `tsx`, an optional peer dependency
 * imported only then. A file over 1 MB is refused (`LIMIT_EXCEEDED`) before it is read.
 */
export async function loadSpec(path: string): Promise<LoadedSpec> {
  const file = resolve(path);
  const ext = extname(file);
  const unreadable = (cause: unknown) =>
    new EpigenomeError({
      code: 'NOT_FOUND',
      field: 'spec',
      value: path,
      allowed: 'a readable .json, .js, .mjs or .ts file',
      message: `spec file ${path} cannot be read: ${(cause as Error).message}`,
      cause,
    });
  if (ext === '.json' || JS_EXTENSIONS.includes(ext)) {
    let size: number;
    try {
      size = (await stat(file)).size;
    } catch (cause) {
      throw unreadable(cause);
    }
    checkSpecSize(size, `spec file ${path}`);
  }
  if (ext === '.json') {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (cause) {
      throw unreadable(cause);
    }
    try {
      return { spec: JSON.parse(text), plugins: {}, path: file };
    } catch (cause) {
      throw new EpigenomeError({
        code: 'INVALID_ARGUMENT',
        field: 'spec',
        value: path,
        allowed: 'valid JSON',
        message: `spec file ${path} is not valid JSON: ${(cause as Error).message}`,
        cause,
      });
    }
  }
  if (!JS_EXTENSIONS.includes(ext)) throw invalidArgument('spec', path, 'a .json, .js, .mjs or .ts file');
  let mod: Record<string, unknown>;
  if (ext.endsWith('ts')) {
    const tsImport = await loadTsx(path);
    mod = await tsImport(pathToFileURL(file).href, import.meta.url);
  } else mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  // A module loaded as CommonJS arrives wrapped once more: { default: { default, plugins } }.
  while (typeof mod.default === 'object' && mod.default !== null && 'default' in mod.default) mod = mod.default as Record<string, unknown>;
  const defaultExport = mod.default as Record<string, unknown> | undefined;
  const spec = mod.spec ?? (defaultExport && 'spec' in defaultExport ? defaultExport.spec : defaultExport);
  if (spec === undefined) throw invalidArgument('spec', path, 'a module exporting the spec as default or as `spec`');
  const plugins = (mod.plugins ?? (defaultExport && 'plugins' in defaultExport ? defaultExport.plugins : {})) as Record<string, RegulatorPlugin>;
  return { spec, plugins: plugins ?? {}, path: file };
}
