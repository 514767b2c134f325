'use client';
// ECharts, imported piece by piece (canvas renderer only) so the page ships only what it draws.
import { BarChart, GraphChart, LineChart, ParallelChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  ParallelChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  MarkPointComponent,
  ParallelComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

// Tests in a browser read each chart's option through this (echarts.getInstanceByDom(element).getOption()).
if (typeof window !== 'undefined') (window as unknown as { __epigenomeEcharts?: unknown }).__epigenomeEcharts = { getInstanceByDom: echarts.getInstanceByDom };

export { echarts };
