import { describe, expect, it } from 'vitest';
import { mnist } from '../mnist/mnist';
import { bagOfWords } from './bag-of-words';
import { drifting } from './drifting';
import { iris } from './iris';
import { spirals } from './spirals';

describe('the data factories refuse a misspelt option instead of ignoring it', () => {
  it('names the option, the nearest known one and the range', () => {
    expect(() => iris({ validaton: 0.3 } as never)).toThrow(/iris\.validaton is not an option; did you mean "validation"/);
    expect(() => spirals({ sampls: 100 } as never)).toThrow(/spirals\.sampls is not an option; did you mean "samples"/);
    expect(() => drifting({ shiftat: 10 } as never)).toThrow(/drifting\.shiftat is not an option; did you mean "shiftAt"/);
    const corpus = [0, 1, 2, 3].map((i) => ({ text: `word${i} spam ham`, label: i % 2 }));
    expect(() => bagOfWords(corpus, { vocabulay: 10 } as never)).toThrow(/bagOfWords\.vocabulay is not an option; did you mean "vocabulary"/);
    expect(() => mnist({ trainn: 100 } as never)).toThrow(/mnist\.trainn is not an option; did you mean "train"/);
    // and a value out of range still names the field and the range
    expect(() => iris({ validation: 0.95 })).toThrow(/iris\.validation/);
    expect(() => drifting({ features: 0 })).toThrow(/drifting\.features/);
  });
});
