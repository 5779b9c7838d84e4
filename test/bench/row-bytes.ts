/**
 * How many bytes a row takes in the SQLite file: the size of its record (header and body)
 * computed the way SQLite encodes it, so "state per teacher" is what is stored, not what a
 * JavaScript object of it would weigh. Checked against SQLite's own dbstat in the bench test.
 */
import type Sqlite from "better-sqlite3";

interface RowQuery {
  columns: string[];
  statement: Sqlite.Statement;
}

// Measuring after every update must not cost a prepare each time; queries are kept per database.
const queries = new WeakMap<Sqlite.Database, Map<string, RowQuery>>();

function rowQuery(sqlite: Sqlite.Database, table: string, where: string): RowQuery {
  const known = queries.get(sqlite) ?? new Map<string, RowQuery>();
  queries.set(sqlite, known);
  const key = `${table} where ${where}`;
  const cached = known.get(key);
  if (cached) return cached;
  const columns = (sqlite.pragma(`table_info(${table})`) as { name: string }[]).map(
    (column) => column.name,
  );
  // typeof() is the storage class SQLite chose after applying the column's affinity.
  const select = columns.map((name, i) => `typeof("${name}") as t${i}, "${name}" as v${i}`);
  const statement = sqlite.prepare(`select ${select.join(", ")} from ${table} where ${where}`);
  const query = { columns, statement };
  known.set(key, query);
  return query;
}

/** Bytes of the records of the rows of `table` matching `where` (with `params`). */
export function recordBytes(
  sqlite: Sqlite.Database,
  table: string,
  where: string,
  params: unknown[],
): number {
  const { columns, statement } = rowQuery(sqlite, table, where);
  const rows = statement.all(...params) as Record<string, unknown>[];
  let total = 0;
  for (const row of rows) {
    const fields = columns.map((_, i) => fieldSize(String(row[`t${i}`]), row[`v${i}`]));
    const header = fields.reduce((sum, field) => sum + varintSize(field.serialType), 0);
    const body = fields.reduce((sum, field) => sum + field.bytes, 0);
    total += varintSize(header + 1) + header + body;
  }
  return total;
}

function fieldSize(storage: string, value: unknown): { serialType: number; bytes: number } {
  switch (storage) {
    case "null":
      return { serialType: 0, bytes: 0 };
    case "integer":
      return integerSize(Number(value));
    case "real":
      return { serialType: 7, bytes: 8 };
    case "text": {
      const bytes = Buffer.byteLength(String(value), "utf8");
      return { serialType: 13 + 2 * bytes, bytes };
    }
    default: {
      const bytes = Buffer.isBuffer(value) ? value.length : 0;
      return { serialType: 12 + 2 * bytes, bytes };
    }
  }
}

function integerSize(value: number): { serialType: number; bytes: number } {
  // Schema format 4 stores 0 and 1 in the header alone.
  if (value === 0) return { serialType: 8, bytes: 0 };
  if (value === 1) return { serialType: 9, bytes: 0 };
  const limits: [number, number, number][] = [
    [1, 1, 0x7f],
    [2, 2, 0x7fff],
    [3, 3, 0x7fffff],
    [4, 4, 0x7fffffff],
    [5, 6, 0x7fffffffffff],
  ];
  for (const [serialType, bytes, max] of limits) {
    if (value <= max && value >= -max - 1) return { serialType, bytes };
  }
  return { serialType: 6, bytes: 8 };
}

function varintSize(value: number): number {
  let size = 1;
  for (let rest = value; rest >= 0x80 && size < 9; size += 1) rest = Math.floor(rest / 0x80);
  return size;
}
