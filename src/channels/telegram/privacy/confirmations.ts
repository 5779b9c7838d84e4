/**
 * One-time confirmation codes for irreversible actions (deleting one's data, ending the study).
 * Each is bound to a person and a step and expires. They live in memory on purpose: a restart
 * cancels every pending confirmation, which errs on the side of deleting nothing.
 */
import { randomBytes } from "node:crypto";

/** Pending confirmations, keyed by who confirms what (e.g. "erase:123"). */
export class Confirmations {
  private readonly pending = new Map<string, { code: string; expiresAt: number }>();

  constructor(
    private readonly ttlMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** A fresh code for `key`; it replaces any earlier one, so only the newest button works. */
  issue(key: string): string {
    const code = randomBytes(4).toString("hex");
    this.pending.set(key, { code, expiresAt: this.clock() + this.ttlMs });
    return code;
  }

  /** Uses up the code: true once, when it is the current code for `key` and not expired. */
  take(key: string, code: string): boolean {
    const pending = this.pending.get(key);
    if (!pending || pending.code !== code) return false;
    this.pending.delete(key);
    return pending.expiresAt >= this.clock();
  }

  /** Forgets the pending confirmation of `key` (a Cancel press). */
  cancel(key: string): void {
    this.pending.delete(key);
  }
}
