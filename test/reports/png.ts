/**
 * Reading PNGs in tests: the signature and size a viewer checks first, and how much of the
 * image is ink, so a chart or poster drawn without its font or data is caught as blank.
 */
import { PNG } from "pngjs";

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A decoded image with its share of non-white pixels and its distinct colours. */
export interface PngFacts {
  width: number;
  height: number;
  /** Share of pixels that are not (near) white, 0..1. */
  ink: number;
  colours: number;
  /** Whether the pixel at (x, y) is dark. */
  dark(x: number, y: number): boolean;
}

/** Decodes PNG bytes; throws unless they are a valid PNG. */
export function readPng(bytes: Buffer): PngFacts {
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error("not a PNG signature");
  const png = PNG.sync.read(bytes);
  let inked = 0;
  const colours = new Set<number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
    if (r < 240 || g < 240 || b < 240) inked += 1;
    colours.add((r << 16) | (g << 8) | b);
  }
  return {
    width: png.width,
    height: png.height,
    ink: inked / (png.width * png.height),
    colours: colours.size,
    dark(x, y) {
      const i = (png.width * y + x) * 4;
      return (
        (png.data[i] ?? 255) < 128 &&
        (png.data[i + 1] ?? 255) < 128 &&
        (png.data[i + 2] ?? 255) < 128
      );
    },
  };
}
