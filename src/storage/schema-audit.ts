/**
 * The audit trail of staff actions: exports, purges, reminders, role-relevant commands.
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at").notNull(),
    /** The staff member's Telegram user id: staff are not study participants. */
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    /** Parameters of the action as JSON (filters, counts), never answers or texts of teachers. */
    detail: text("detail"),
  },
  (table) => [index("audit_log_at").on(table.at)],
);
