/** One code block of a README that is meant to run as written. */
export interface RunnableBlock {
  /** 1-based line of the opening fence in the README. */
  line: number;
  /** The block's source, without its fences. */
  code: string;
}

/** The marker that makes the next ```ts block of a README runnable. */
export const RUN_MARKER = '<!-- run -->';

/**
 * The ```ts blocks of a README that follow a `<!-- run -->` line (blank lines between them are
 * allowed). Unmarked blocks are fragments and stay unrun. A marker not followed by a ```ts block
 * is an error, so a marker never silently stops running anything.
 */
export function runnableBlocks(markdown: string): RunnableBlock[] {
  const lines = markdown.split(/\r?\n/);
  const blocks: RunnableBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== RUN_MARKER) continue;
    let open = i + 1;
    while (open < lines.length && lines[open]!.trim() === '') open++;
    if (!/^```(ts|typescript)\s*$/.test(lines[open] ?? ''))
      throw new Error(`${RUN_MARKER} on line ${i + 1} must be followed by a \`\`\`ts block; got ${JSON.stringify(lines[open] ?? '<end of file>')}`);
    const close = lines.findIndex((l, j) => j > open && /^```\s*$/.test(l));
    if (close < 0) throw new Error(`the \`\`\`ts block opened on line ${open + 1} is never closed`);
    blocks.push({ line: open + 1, code: lines.slice(open + 1, close).join('\n') + '\n' });
    i = close;
  }
  return blocks;
}
