/**
 * Small inline-SVG charts for the demo page: time-series lines (with min/max decimation
 * per pixel column and a hover readout), stacked weight areas and a heatmap. No
 * dependencies; everything is drawn from plain typed arrays.
 */
export { escapeXml, PALETTE } from './axes.js';
export { lineChart } from './lineChart.js';
export type { LineChartOptions, LineSeries } from './lineChart.js';
export { weightsChart } from './weightsChart.js';
export { heatmap } from './heatmap.js';
export type { HeatmapOptions } from './heatmap.js';
