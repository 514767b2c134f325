import { Command, Option } from 'commander';
import { experimentCommands } from './commands/experiment-commands';
import { memoryCommands } from './commands/memory-commands';
import { regulatorsCommand } from './commands/regulators-command';
import { resumeCommand } from './commands/resume-command';
import { runCommand } from './commands/run-command';
import { serveCommand } from './commands/serve-command';
import { errorLine } from './internal/error-line';
import { DEFAULT_DB } from './open-store';

/** Builds the `epigenome` command. */
export function createProgram(): Command {
  const program = new Command('epigenome')
    .description('Epigenome: hyperparameters regulated during training, at several levels, with memory across runs')
    // No commander `.env()`: it would fill the URL before `--db` is seen; open-store.ts ranks them.
    .addOption(new Option('--db <dir>', `embedded store (PGlite) folder (default: ${DEFAULT_DB}); wins over DATABASE_URL`))
    .addOption(new Option('--database-url <url>', 'PostgreSQL server instead of the embedded store (env: DATABASE_URL)'));
  runCommand(program);
  resumeCommand(program);
  experimentCommands(program);
  memoryCommands(program);
  regulatorsCommand(program);
  serveCommand(program);
  return program;
}

/**
 * Runs the CLI. Every error prints one line `error: …` on stderr and exits 1 (usage errors:
 * commander's line and exit code); the stack follows only with `EPIGENOME_DEBUG=1`.
 */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const fail = (error: unknown) => {
    process.stderr.write(errorLine(error));
    process.exitCode = 1;
  };
  // A driver's background error (a rejection nobody awaited, a throw in a callback) must not end in a stack either.
  const fatal = (error: unknown) => {
    fail(error);
    process.exit(1);
  };
  process.on('unhandledRejection', fatal);
  process.on('uncaughtException', fatal);
  try {
    await createProgram().parseAsync([...argv]);
  } catch (error) {
    fail(error);
  }
}
