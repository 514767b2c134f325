// The built CLI, then one last stderr line saying whether TensorFlow.js was loaded (it sets the
// global `_tfengine` when imported): for the tests that store commands start without it.
import { main } from '../../dist/main.js';

await main(process.argv);
process.stderr.write(`tfjs loaded: ${'_tfengine' in globalThis}\n`);
