import { describe, expect, it } from 'vitest';
import { bagOfWords, words, type LabelledText } from './bag-of-words';
import { checkSplit, checkTask } from './fixtures/check-task';

const corpus: LabelledText[] = Array.from({ length: 40 }, (_, i) => ({
  text: i % 2 ? `Win money now! Cheap offer number ${i}, click the offer` : `Meeting notes: build passed, see review of patch ${i}`,
  label: i % 2,
}));

describe('bagOfWords', () => {
  it('words: lower case, letters only, shorter words dropped', () => {
    expect(words("Don't CLICK here: 100% free-money!!", 3)).toEqual(["don't", 'click', 'here', 'free', 'money']);
    expect(words('a bb ccc', 1)).toEqual(['a', 'bb', 'ccc']);
  });

  it('splits the texts, builds the vocabulary from the training texts, log counts as features', () => {
    const d = bagOfWords(corpus, { vocabulary: 8, validation: 0.25, test: 0.25, seed: 3, name: 'toy-mail' });
    expect(d.descriptor).toEqual({ name: 'toy-mail', samples: 20, features: 8, classes: 2, inputShape: [8] });
    checkTask(d);
    checkSplit(d.test as NonNullable<typeof d.test>, 8, 2);
    expect(d.validation.count + (d.test?.count ?? 0)).toBe(20);
    // "offer" appears twice in every spam text: log(1 + 2) somewhere in each spam row
    const row = (i: number) => Array.from(d.train.x.subarray(i * 8, (i + 1) * 8));
    for (let i = 0; i < d.train.count; i++) {
      if (d.train.y[i] === 1) expect(row(i).some((v) => Math.abs(v - Math.log(3)) < 1e-6)).toBe(true);
      else expect(row(i).every((v) => v === 0 || Math.abs(v - Math.log(2)) < 1e-6)).toBe(true);
    }
  });

  it('is deterministic per seed and shuffles differently across seeds', () => {
    const a = bagOfWords(corpus, { seed: 1 });
    expect(bagOfWords(corpus, { seed: 1 }).train.y).toEqual(a.train.y);
    expect(Array.from(bagOfWords(corpus, { seed: 2 }).train.y)).not.toEqual(Array.from(a.train.y));
  });

  it('refuses bad input naming the field and the allowed range', () => {
    expect(() => bagOfWords(corpus, { vocabulary: 0 })).toThrow(/bagOfWords\.vocabulary.*\[1, 100000\]/);
    expect(() => bagOfWords(corpus, { validation: 0.6, test: 0.5 })).toThrow(/bagOfWords\.test/);
    expect(() => bagOfWords(corpus.slice(0, 2))).toThrow(/texts/);
    expect(() => bagOfWords([...corpus, { text: 'x', label: 1.5 }])).toThrow(/texts\[40\]\.label.*integer/);
    expect(() => bagOfWords(corpus.map((t) => ({ ...t, label: 0 })))).toThrow(/2 classes/);
  });
});
