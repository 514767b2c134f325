import type { ImpactSpectrum } from '../lib/api-types';
import { baseOption, legend, valueAxis, type ChartOption, type ChartTheme } from './chart-option';

/**
 * The impact spectrum: how many regulation events had what measured impact on the objective —
 * x the impact (bin centre), y the number of events, one curve per group (regulator kind or run).
 * `spectra` from several experiments are overlaid, each group prefixed with its label.
 */
export function impactOption(spectra: readonly { readonly label?: string; readonly spectrum: ImpactSpectrum }[], theme: ChartTheme, objective = 'objective'): ChartOption {
  const series = spectra.flatMap(({ label, spectrum }) => {
    const centres = spectrum.edges.slice(0, -1).map((e, i) => (e + (spectrum.edges[i + 1] ?? e)) / 2);
    return spectrum.groups.map((g) => ({
      type: 'line',
      name: label ? `${label} · ${g.group}` : g.group,
      smooth: false,
      step: 'middle',
      showSymbol: false,
      areaStyle: { opacity: 0.08 },
      data: centres.map((x, i) => [Number(x.toPrecision(6)), g.counts[i] ?? 0]),
    }));
  });
  return {
    ...baseOption(theme, 'Impact spectrum of regulation', 'how many regulatory actions, of what impact'),
    tooltip: { trigger: 'axis', confine: true },
    legend: legend(theme),
    grid: { left: 64, right: 24, top: 70, bottom: 48 },
    xAxis: valueAxis(theme, `impact on ${objective} (Δ vs trend)`),
    yAxis: valueAxis(theme, 'events (count)', { scale: false, minInterval: 1, nameGap: 40 }),
    series,
  };
}
