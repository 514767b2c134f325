import cliProgress from 'cli-progress';
import type { RunnerProgress } from '@epigenome/runner';
import { configText, fmt } from './format';

/** Renders runner progress: one live bar per trial on a terminal, one line per round otherwise. */
export function createProgressView(options: { stream?: NodeJS.WriteStream; stepsPerTrial?: number; quiet?: boolean } = {}) {
  const stream = options.stream ?? process.stderr;
  const live = stream.isTTY === true && !options.quiet;
  const bars = new Map<string, cliProgress.SingleBar>();
  const latest = new Map<string, { step: number; loss?: number; acc?: number; config: string }>();
  let multi: cliProgress.MultiBar | undefined;
  let total = options.stepsPerTrial ?? 0;

  const short = (id: string) => id.slice(id.lastIndexOf('-') + 1);

  return {
    setStepsPerTrial(steps: number) {
      total = steps;
    },
    onProgress(p: RunnerProgress) {
      if (options.quiet) return;
      if (p.type === 'started') {
        stream.write(`backend ${p.backend}; ${p.trials.length} trials\n`);
        if (live) {
          multi = new cliProgress.MultiBar(
            { stream, format: '{trial} {bar} {value}/{total} loss {loss} acc {acc} {config}', hideCursor: true, clearOnComplete: false, barsize: 20, fps: 5 },
            cliProgress.Presets.shades_classic,
          );
          for (const t of p.trials) bars.set(t.id, multi.create(total || 1, 0, { trial: short(t.id), loss: '-', acc: '-', config: configText(t.config) }));
        }
        return;
      }
      if (p.type === 'signal') {
        const prev = latest.get(p.trialId);
        const entry = {
          step: p.step,
          loss: p.metrics.loss ?? prev?.loss,
          acc: p.metrics.val_accuracy ?? prev?.acc,
          config: configText(p.config),
        };
        latest.set(p.trialId, entry);
        bars.get(p.trialId)?.update(p.step, { loss: fmt(entry.loss), acc: fmt(entry.acc), config: entry.config });
        return;
      }
      if (p.type === 'round' && !live) {
        stream.write(`round ${p.round}: ${p.stepsDone}/${p.stepsTotal} steps\n`);
        for (const [id, e] of latest) stream.write(`  ${short(id)} step ${e.step} loss ${fmt(e.loss)} acc ${fmt(e.acc)} ${e.config}\n`);
        return;
      }
      if (p.type === 'finished') multi?.stop();
    },
    stop() {
      multi?.stop();
    },
  };
}
