/**
 * Line breaking for images: SVG text does not wrap by itself, so chart labels and poster names
 * are broken at spaces before they are drawn.
 */

/** Breaks a text into at most `lines` lines of about `width` characters, at spaces. */
export function wrap(text: string, width: number, lines: number): string[] {
  const result: string[] = [];
  let current = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (current && current.length + 1 + word.length > width) {
      result.push(current);
      current = word;
    } else current = current ? `${current} ${word}` : word;
  }
  if (current) result.push(current);
  if (result.length <= lines) return result;
  const kept = result.slice(0, lines);
  kept[lines - 1] = `${kept[lines - 1]}…`;
  return kept;
}
