// The rl suite's MNIST tasks (a 2-worker training engine, a main-thread test engine) and a job pool.
import { createTfjsEngine, type TaskData } from '@epigenome/engine-tfjs';
import { CONCURRENCY, MODEL } from './controllers';
import type { MnistTask } from './mnist-trial';

/** Runs jobs `limit` at a time, results in job order. */
export async function pool<T>(jobs: readonly (() => Promise<T>)[], limit = CONCURRENCY): Promise<T[]> {
  const out = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await (jobs[i] as () => Promise<T>)();
      }
    }),
  );
  return out;
}

export function makeTask(name: string, data: TaskData): MnistTask {
  return {
    name,
    train: createTfjsEngine({ model: MODEL, data, workers: 2 }),
    test: createTfjsEngine({ model: MODEL, data: { ...data, validation: data.test as TaskData['validation'] }, workers: 0 }),
  };
}
/** Live tensors of the task's training workers. */
export async function workerTensors(task: MnistTask): Promise<number> {
  return (await task.train.memory()).numTensors.reduce((x, y) => x + y, 0);
}
/** Live tensors of this (the main) thread, where every test engine runs. */
export async function mainThreadTensors(task: MnistTask): Promise<number> {
  return (await task.test.memory()).numTensors.reduce((x, y) => x + y, 0);
}
export async function disposeTask(task: MnistTask): Promise<void> {
  await task.train.dispose();
  await task.test.dispose();
}
