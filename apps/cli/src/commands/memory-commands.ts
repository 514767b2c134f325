import type { Command } from 'commander';
import { table } from '../format';
import type { StoreOptions } from '../open-store';
import { checkId } from '../internal/check-id';
import { out } from '../internal/out';
import { withStore } from '../internal/with-store';

/** `epigenome memory ls|show|erase`: the epigenetic marks kept across experiments. */
export function memoryCommands(program: Command): void {
  const store = () => program.opts<StoreOptions>();
  const marks = program.command('memory').description('the epigenetic marks kept across experiments');
  marks
    .command('ls')
    .description('list live marks, strongest first')
    .option('--json', 'print a JSON array')
    .action((o: { json?: boolean }) =>
      withStore(store(), async (memory) => {
        const list = await memory.listMarks();
        if (o.json) out(JSON.stringify(list));
        else
          out(
            table(
              list.map((m) => ({
                id: m.id,
                kind: m.regulation.kind,
                dataset: m.context.dataset.name,
                model: m.context.model.family,
                fitness: m.fitness,
                strength: m.strength,
                source: m.sourceExperimentId ?? '',
              })),
            ),
          );
      }),
    );
  marks
    .command('show')
    .description('show one mark')
    .argument('<id>', 'mark id')
    .action((id: string) => {
      checkId('id', id);
      return withStore(store(), async (memory) => out(JSON.stringify(await memory.getMark(id), null, 2)));
    });
  marks
    .command('erase')
    .description('erase a mark (reversible: a later identical mark revives it)')
    .argument('<id>', 'mark id')
    .action((id: string) => {
      checkId('id', id);
      return withStore(store(), async (memory) => {
        await memory.erase(id);
        out(`erased ${id}`);
      });
    });
}
