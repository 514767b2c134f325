// Project boundary rules of the workspace, enforced on every project's `lint` target.
//
// Layers, by the nx tags in each package.json (`nx.tags`), each importing only layers below it
// (core < engine-tfjs, memory, regulators-* < runner < api < apps):
//   type:core     imports nothing but its own files (no packages, no node builtins);
//   type:binding  (engine-tfjs, memory) imports only core — never another binding, a plugin or above;
//   type:plugin   (regulator libraries) imports only core, never another plugin;
//   type:runner   imports core, bindings and plugins;
//   type:api      imports core, bindings, plugins and the runner;
//   type:app      imports any library; no library ever imports an app;
// and every bare import of a source file must be declared in the project's package.json
// (dependencies or peerDependencies; tests may also use devDependencies and root devDependencies),
// so a published package never breaks on a missing dependency.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';

const ALLOWED = {
  'type:core': new Set(),
  'type:binding': new Set(['type:core']),
  'type:plugin': new Set(['type:core']),
  'type:runner': new Set(['type:core', 'type:binding', 'type:plugin']),
  'type:api': new Set(['type:core', 'type:binding', 'type:plugin', 'type:runner']),
  'type:app': new Set(['type:core', 'type:binding', 'type:plugin', 'type:runner', 'type:api']),
};
const BUILTINS = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

export function findWorkspaceRoot(start) {
  let dir = resolve(start);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).workspaces) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`no workspace root above ${start}`);
    dir = up;
  }
}

export function loadProjects(root) {
  const rootPkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const projects = new Map();
  for (const pattern of rootPkg.workspaces) {
    const dirs = pattern.endsWith('/*') ? readdirSync(join(root, pattern.slice(0, -2))).map((d) => join(pattern.slice(0, -2), d)) : [pattern];
    for (const d of dirs) {
      const file = join(root, d, 'package.json');
      if (!existsSync(file)) continue;
      const pkg = JSON.parse(readFileSync(file, 'utf8'));
      const tags = pkg.nx?.tags ?? [];
      const type = tags.find((t) => t.startsWith('type:'));
      projects.set(pkg.name, { name: pkg.name, dir: join(root, d), type, pkg });
    }
  }
  return { projects, rootPkg };
}

function sourceFiles(dir) {
  const out = [];
  const walk = (d) => {
    for (const entry of readdirSync(d)) {
      if (entry === 'node_modules' || entry === 'dist' || entry === '.next' || entry === 'test-results') continue;
      const p = join(d, entry);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.(m|c)?[jt]sx?$/.test(entry) && !entry.endsWith('.d.ts')) out.push(p);
    }
  };
  for (const sub of ['src', 'bin', 'app']) if (existsSync(join(dir, sub))) walk(join(dir, sub));
  return out;
}

const IMPORT_RE = /(?:^|[^.\w$])(?:import|export)\s+(?:type\s+)?(?:[^'"`;]*?\sfrom\s*)?['"]([^'"]+)['"]|(?:import|require)\s*\(\s*['"]([^'"]+)['"]\s*\)/g;

export function importsOf(text) {
  const stripped = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
  const out = [];
  for (const m of stripped.matchAll(IMPORT_RE)) out.push(m[1] ?? m[2]);
  return out;
}

function packageName(spec) {
  if (spec.startsWith('@')) return spec.split('/').slice(0, 2).join('/');
  return spec.split('/')[0];
}

export function checkProject(root, projectDir) {
  const { projects, rootPkg } = loadProjects(root);
  const project = [...projects.values()].find((p) => resolve(p.dir) === resolve(projectDir));
  if (!project) return [`${projectDir} is not a workspace project`];
  const errors = [];
  if (!project.type || !ALLOWED[project.type]) errors.push(`${project.name}: package.json nx.tags must include one of ${Object.keys(ALLOWED).join(', ')}`);
  const isLib = project.type !== 'type:app';
  const declared = new Set([
    ...Object.keys(project.pkg.dependencies ?? {}),
    ...Object.keys(project.pkg.peerDependencies ?? {}),
    ...Object.keys(project.pkg.optionalDependencies ?? {}),
  ]);
  const devDeclared = new Set([...declared, ...Object.keys(project.pkg.devDependencies ?? {}), ...Object.keys(rootPkg.devDependencies ?? {})]);
  for (const file of sourceFiles(project.dir)) {
    const rel = relative(root, file);
    const isTest = /\.test(-d)?\.[cm]?[jt]sx?$/.test(file) || /(^|\/)(test|__tests__|fixtures)\//.test(relative(project.dir, file));
    for (const spec of importsOf(readFileSync(file, 'utf8'))) {
      if (spec.startsWith('.') || spec.startsWith('/')) continue;
      if (project.type === 'type:core' && !isTest) {
        errors.push(`${rel}: @epigenome/core imports nothing, but imports "${spec}"`);
        continue;
      }
      if (BUILTINS.has(spec)) continue;
      const name = packageName(spec);
      if (name === project.name) continue;
      const target = projects.get(name);
      if (target) {
        if (isLib && target.type === 'type:app') errors.push(`${rel}: a library must not import an app, but imports "${spec}" (${target.type})`);
        else if (!isTest && project.type && ALLOWED[project.type] && !ALLOWED[project.type].has(target.type)) {
          const why =
            project.type === 'type:plugin' && target.type === 'type:plugin'
              ? 'regulator libraries never import each other'
              : project.type === target.type
                ? `libraries of one layer (${project.type}) never import each other`
                : `${project.type} may import ${[...ALLOWED[project.type]].join(', ') || 'nothing'} (the layers below it)`;
          errors.push(`${rel}: imports "${spec}" (${target.type}); ${why}`);
        }
      }
      if (!(isTest ? devDeclared : declared).has(name) && !(spec.startsWith('virtual:') || (spec.startsWith('next/') && declared.has('next')))) {
        errors.push(
          `${rel}: imports "${spec}" but ${project.name}'s package.json does not declare "${name}"${isTest ? ' (not even in devDependencies)' : ' in dependencies or peerDependencies'}`,
        );
      }
    }
  }
  return errors;
}
