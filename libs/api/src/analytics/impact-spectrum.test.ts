import { describe, expect, it } from 'vitest';
import { errorOf } from './internal/error-of';
import { impactSpectrum } from './impact-spectrum';
import { impactSpectrum as reExported } from './regulation-impact';

describe('impactSpectrum', () => {
  it('bins every group over common edges, each item counted once', () => {
    const items = [
      ...Array.from({ length: 100 }, (_, i) => ({ group: 'pbt', impact: -1 + i / 100 })),
      ...Array.from({ length: 50 }, (_, i) => ({ group: 'plateau', impact: 0.5 + i / 100 })),
    ];
    const { edges, groups } = impactSpectrum(items, { bins: 10 });
    expect(edges).toHaveLength(11);
    for (let k = 1; k < edges.length; k++) expect(edges[k]!).toBeGreaterThan(edges[k - 1]!);
    expect(groups.map((g) => g.group)).toEqual(['pbt', 'plateau']);
    expect(groups[0]!.counts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(groups[1]!.counts.reduce((a, b) => a + b, 0)).toBe(50);
    // plateau's impacts are all ≥ 0.5: none falls in a bin that ends below 0.5
    groups[1]!.counts.forEach((c, k) => {
      if (edges[k + 1]! < 0.5) expect(c).toBe(0);
    });
    expect(impactSpectrum(items)).toEqual(reExported(items));
    expect(impactSpectrum(items).edges).toHaveLength(41);
  });

  it('takes the range from the 1st to the 99th percentile and clamps outliers into the end bins', () => {
    const items = [...Array.from({ length: 199 }, (_, i) => ({ group: 'g', impact: i / 198 })), { group: 'g', impact: 1e6 }, { group: 'h', impact: -1e6 }];
    const { edges, groups } = impactSpectrum(items, { bins: 4 });
    expect(edges[0]!).toBeGreaterThan(-0.1);
    expect(edges.at(-1)!).toBeLessThan(1.1);
    expect(groups[0]!.counts.reduce((a, b) => a + b, 0)).toBe(200);
    expect(groups[1]!.counts).toEqual([1, 0, 0, 0]);
  });

  it('widens a zero-width range and returns nothing for no items', () => {
    const same = impactSpectrum(
      [
        { group: 'g', impact: 2 },
        { group: 'g', impact: 2 },
      ],
      { bins: 2 },
    );
    expect(same.edges).toEqual([1, 2, 3]);
    expect(same.groups[0]!.counts).toEqual([0, 2]);
    expect(impactSpectrum([{ group: 'g', impact: 0 }], { bins: 1 }).edges).toEqual([-0.5, 0.5]);
    expect(impactSpectrum([])).toEqual({ edges: [], groups: [] });
  });

  it('refuses bad input with an EpigenomeError naming the field and the allowed range', () => {
    for (const bins of [0, 1.5, 1001, Number.NaN]) {
      const e = errorOf(() => impactSpectrum([{ group: 'g', impact: 1 }], { bins }));
      expect(e.field).toBe('options.bins');
      expect(e.message).toContain('an integer ≥ 1 and ≤ 1000');
    }
    expect(
      errorOf(() =>
        impactSpectrum([
          { group: 'g', impact: 1 },
          { group: 'g', impact: Number.NaN },
        ]),
      ).field,
    ).toBe('items[1].impact');
    expect(errorOf(() => impactSpectrum([{ group: 3 as never, impact: 1 }])).field).toBe('items[0].group');
    expect(errorOf(() => impactSpectrum('x' as never)).field).toBe('items');
  });
});
