// nx release's version actions for our npm libraries. nx's default implementation lives in the
// @nx/js plugin, which this workspace does not install (it would bring a second nx and Babel):
// versions live in each package.json, and bumping a library rewrites the exact versions its
// workspace dependents pin (dependencies, peer, optional and dev), keeping any ^ or ~ prefix.
// After all projects are versioned, the private workspace packages outside the release (apps,
// tools, e2e) get the same pins and package-lock.json is refreshed, or npm would look the old
// versions up in the registry instead of linking the workspace's libraries.
// Like nx.json, this is configuration of the root's nx (a root devDependency), outside src/: no
// project code imports it.
'use strict';
/* global require, module */
/* eslint-disable @typescript-eslint/no-require-imports -- nx loads version actions with require(), so this file is CommonJS */
const { execFileSync } = require('node:child_process');
const { existsSync, readFileSync, readdirSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');
const { VersionActions } = require('nx/release');

const COLLECTIONS = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'];

const readJson = (tree, path) => JSON.parse(tree.read(path, 'utf-8'));
const writeJson = (tree, path, value) => tree.write(path, `${JSON.stringify(value, null, 2)}\n`);

function packageName(projectGraph, projectName) {
  const node = projectGraph.nodes[projectName];
  return node?.data?.metadata?.js?.packageName ?? projectName;
}

class NpmVersionActions extends VersionActions {
  validManifestFilenames = ['package.json'];

  async readCurrentVersionFromSourceManifest(tree) {
    const manifestPath = join(this.projectGraphNode.data.root, 'package.json');
    return { currentVersion: readJson(tree, manifestPath).version, manifestPath };
  }

  async readCurrentVersionFromRegistry(tree, metadata) {
    const { name } = readJson(tree, join(this.projectGraphNode.data.root, 'package.json'));
    const tag = metadata?.tag ?? 'latest';
    const registry = metadata?.registry;
    const args = ['view', `${name}@${tag}`, 'version', ...(registry ? ['--registry', registry] : [])];
    try {
      const currentVersion = execFileSync('npm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
      return { currentVersion, logText: `${name}@${tag}${registry ? ` on ${registry}` : ''}` };
    } catch {
      return { currentVersion: null, logText: `${name}@${tag} (not found)` };
    }
  }

  async readCurrentVersionOfDependency(tree, projectGraph, dependencyProjectName) {
    const manifest = readJson(tree, join(this.projectGraphNode.data.root, 'package.json'));
    const name = packageName(projectGraph, dependencyProjectName);
    for (const collection of COLLECTIONS) {
      const spec = manifest[collection]?.[name];
      if (spec !== undefined) return { currentVersion: spec.replace(/^[\^~]/, ''), dependencyCollection: collection };
    }
    return { currentVersion: null, dependencyCollection: null };
  }

  async updateProjectVersion(tree, newVersion) {
    return this.manifestsToUpdate.map(({ manifestPath }) => {
      const manifest = readJson(tree, manifestPath);
      manifest.version = newVersion;
      writeJson(tree, manifestPath, manifest);
      return `✍️  New version ${newVersion} written to manifest: ${manifestPath}`;
    });
  }

  async updateProjectDependencies(tree, projectGraph, dependenciesToUpdate) {
    const names = Object.entries(dependenciesToUpdate).map(([project, version]) => [packageName(projectGraph, project), version]);
    if (names.length === 0) return [];
    return this.manifestsToUpdate.map(({ manifestPath }) => {
      const manifest = readJson(tree, manifestPath);
      let updated = 0;
      for (const collection of COLLECTIONS) {
        for (const [name, version] of names) {
          const spec = manifest[collection]?.[name];
          if (spec === undefined || spec.startsWith('workspace:') || spec.startsWith('file:')) continue;
          manifest[collection][name] = `${/^[\^~]/.exec(spec)?.[0] ?? ''}${version}`;
          updated++;
        }
      }
      writeJson(tree, manifestPath, manifest);
      return `✍️  Updated ${updated} dependenc${updated === 1 ? 'y' : 'ies'} in manifest: ${manifestPath}`;
    });
  }
}

function workspaceManifests(cwd) {
  const patterns = JSON.parse(readFileSync(join(cwd, 'package.json'), 'utf8')).workspaces ?? [];
  const dirs = patterns.flatMap((pattern) =>
    pattern.endsWith('/*') && existsSync(join(cwd, pattern.slice(0, -2))) ? readdirSync(join(cwd, pattern.slice(0, -2))).map((d) => join(pattern.slice(0, -2), d)) : [pattern],
  );
  return dirs.map((d) => join(d, 'package.json')).filter((f) => existsSync(join(cwd, f)));
}

async function afterAllProjectsVersioned(cwd, { dryRun } = {}) {
  if (dryRun) {
    console.log('Would align the pins of private workspace packages (apps, tools, e2e) and refresh package-lock.json, but --dry-run was set.');
    return { changedFiles: [], deletedFiles: [] };
  }
  const manifests = workspaceManifests(cwd).map((path) => ({ path, json: JSON.parse(readFileSync(join(cwd, path), 'utf8')) }));
  const versions = new Map(manifests.map(({ json }) => [json.name, json.version]));
  const changedFiles = [];
  for (const { path, json } of manifests) {
    let changed = false;
    for (const collection of COLLECTIONS) {
      for (const [name, spec] of Object.entries(json[collection] ?? {})) {
        const version = versions.get(name);
        const prefix = /^[\^~]?/.exec(spec)[0];
        if (version === undefined || !/^[\^~]?\d+\.\d+\.\d+/.test(spec) || spec === `${prefix}${version}`) continue;
        json[collection][name] = `${prefix}${version}`;
        changed = true;
      }
    }
    if (!changed) continue;
    writeFileSync(join(cwd, path), `${JSON.stringify(json, null, 2)}\n`);
    changedFiles.push(path);
  }
  execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd, stdio: 'inherit' });
  changedFiles.push('package-lock.json');
  return { changedFiles, deletedFiles: [] };
}

module.exports = NpmVersionActions;
module.exports.default = NpmVersionActions;
module.exports.afterAllProjectsVersioned = afterAllProjectsVersioned;
