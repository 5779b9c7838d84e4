/**
 * Records staff actions in the audit trail.
 */
import type { Database } from "./database.js";
import { auditLog } from "./schema-audit.js";

/** One staff action to record. */
export interface AuditEntry {
  actor: string;
  action: string;
  detail?: Record<string, unknown>;
}

/** Appends an entry with the current time. */
export function recordAudit({ db }: Database, entry: AuditEntry, now = Date.now()): void {
  db.insert(auditLog)
    .values({
      at: now,
      actor: entry.actor,
      action: entry.action,
      detail: entry.detail ? JSON.stringify(entry.detail) : null,
    })
    .run();
}
