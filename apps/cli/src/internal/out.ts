/** Writes one line to stdout. */
export const out = (line: string): void => {
  process.stdout.write(`${line}\n`);
};
