/**
 * Numbers as admins read them in their language (decimal comma, grouped thousands), and
 * counts under small-cell protection. Shared by /stats texts and chart labels.
 */
import type { Language } from "../app/ports.js";
import type { Translate } from "../i18n.js";
import { protect } from "./small-cells.js";

/** Formatting helpers bound to one language. */
export interface NumberFormat {
  /** A whole count: "1 234". */
  count(value: number): string;
  /** A count, or "< 5" when small-cell protection hides it. */
  cell(value: number): string;
  /** A share with one decimal: "37,5%"; "—" when the whole is zero. */
  percent(part: number, whole: number): string;
  /** A statistic with up to `digits` decimals: "2,46", "3". */
  decimal(value: number, digits?: number): string;
  /** Seconds as "7 min 3 s" in the admin's language. */
  duration(seconds: number): string;
}

/** Builds the formatters for `language`; `t` supplies the "< 5" mark and time units. */
export function numberFormat(language: Language, t: Translate): NumberFormat {
  const locale = language === "kk" ? "kk-KZ" : "ru-RU";
  const whole = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const share = new Intl.NumberFormat(locale, {
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const count = (value: number) => whole.format(value);
  return {
    count,
    cell: (value) => (protect(value).shown ? count(value) : t("admin:stats.small_cell")),
    percent: (part, all) => (all === 0 ? "—" : `${share.format((100 * part) / all)}%`),
    decimal: (value, digits = 2) =>
      Number.isFinite(value)
        ? new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)
        : "—",
    duration: (seconds) => {
      const rounded = Math.round(seconds);
      return t("admin:stats.duration", {
        minutes: Math.floor(rounded / 60),
        seconds: rounded % 60,
      });
    },
  };
}
