/**
 * SVG to PNG with the fonts the project ships: resvg never looks at the machine's fonts, so a
 * server with none installed draws Kazakh letters (ә ғ қ ң ө ұ ү һ і) the same as a laptop.
 */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";

const require = createRequire(import.meta.url);

/** The family name charts and posters ask for; it covers Kazakh and Russian. */
export const FONT_FAMILY = "DejaVu Sans";

/** DejaVu Sans regular and bold, from the dejavu-fonts-ttf npm package. */
export const fontFiles: readonly string[] = [
  require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf"),
  require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf"),
];

/** A rendered image. */
export interface Png {
  bytes: Buffer;
  width: number;
  height: number;
}

/** Renders an SVG document on a white background at its own size. */
export function svgToPng(svg: string): Png {
  const image = new Resvg(svg, {
    background: "white",
    font: { loadSystemFonts: false, fontFiles: [...fontFiles], defaultFontFamily: FONT_FAMILY },
  }).render();
  return { bytes: image.asPng(), width: image.width, height: image.height };
}
