import "server-only";
import { Prisma } from "@/lib/generated/prisma/client";

// Multi-row statements built from plain SQL (a VALUES list, an IN list) run unchanged on SQLite and PostgreSQL,
// unlike SQLite's json_each or PostgreSQL's unnest. Both databases cap the parameters of one statement (SQLite
// 32,766, PostgreSQL 65,535); staying far below keeps each statement quick to prepare and its errors local.
export const MAX_PARAMETERS_PER_STATEMENT = 10_000;

export function inChunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`A chunk holds at least one item, got ${size}.`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** How many rows of `columns` values fit one statement. */
export function rowsPerStatement(columns: number): number {
  return Math.max(1, Math.floor(MAX_PARAMETERS_PER_STATEMENT / columns));
}

/** `(a, b, c), (d, e, f)`: one parenthesised tuple of bound parameters per row. */
export function valueTuples(rows: readonly (readonly unknown[])[]): Prisma.Sql {
  return Prisma.join(rows.map((row) => Prisma.sql`(${Prisma.join(row)})`));
}

/** `a, b, c` as bound parameters, for `IN (…)`. */
export function parameterList(values: readonly unknown[]): Prisma.Sql {
  return Prisma.join(values);
}
