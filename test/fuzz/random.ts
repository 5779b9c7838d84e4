/**
 * A seeded random source for generated tests: the same seed gives the same run, so a failure
 * printed with its seed can be replayed exactly.
 */

/** Draws from a seeded sequence (mulberry32: small, fast, good enough for test data). */
export class Random {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new Error("pick from an empty list");
    return item;
  }

  /** A non-empty subset of `items`, in their original order. */
  subset<T>(items: readonly T[]): T[] {
    const chosen = items.filter(() => this.chance(0.35));
    return chosen.length > 0 ? chosen : [this.pick(items)];
  }

  /** A new independent source, e.g. one per simulated teacher. */
  fork(): Random {
    return new Random(this.int(1, 0x7fffffff));
  }
}

/** Words for plausible free-text answers, in both survey languages. */
const WORDS = [
  "Көбірек",
  "практикалық",
  "сабақ",
  "әдістеме",
  "мұғалім",
  "құрал",
  "ұстаз",
  "өте",
  "жақсы",
  "Больше",
  "практики",
  "наставник",
  "курс",
  "уроки",
  "время",
  "👍",
  "📚",
];

/** A short answer as a teacher would type it: trimmed words, Kazakh and Russian, maybe emoji. */
export function plausibleText(random: Random, maxWords = 8): string {
  const count = random.int(1, maxWords);
  return Array.from({ length: count }, () => random.pick(WORDS)).join(" ");
}
