/**
 * Draws a chart: Vega-Lite compiles the spec, Vega lays it out headless (no DOM, no canvas)
 * and writes SVG, and resvg turns that into a PNG with the bundled DejaVu font.
 */
import { parse, View } from "vega";
import { compile } from "vega-lite";
import type { ChartSpec } from "./chart-specs.js";
import { type Png, svgToPng } from "./render-png.js";

/** A rendered chart with the SVG it came from (its text is searchable, e.g. in tests). */
export interface RenderedChart extends Png {
  svg: string;
}

/** Renders a chart spec to PNG. */
export async function renderChart(chart: ChartSpec): Promise<RenderedChart> {
  const view = new View(parse(compile(chart.spec).spec), { renderer: "none" });
  try {
    const svg = await view.toSVG();
    return { ...svgToPng(svg), svg };
  } finally {
    view.finalize();
  }
}
