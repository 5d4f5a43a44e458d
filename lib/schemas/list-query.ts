import { z } from "zod";

// Search, sort and pagination of a list page, from its URL query. Pages are links people share and edit by hand,
// so a bad value is not an error page: it is replaced by the nearest sensible one, and the page says so (`notes`).

export const LIST_QUERY_MAX_LENGTH = 100;
export const LIST_PAGE_MAX = 100_000;

export type ListQuery<S extends string> = { q: string; sort: S; page: number; size: number };
export type ParsedListQuery<S extends string> = { query: ListQuery<S>; notes: string[] };
export type ListQueryOptions<S extends string> = { sorts: readonly [S, ...S[]]; defaultSize: number; maxSize: number };

type Raw = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export function parseListQuery<S extends string>(raw: Raw, options: ListQueryOptions<S>): ParsedListQuery<S> {
  const notes: string[] = [];
  const rawQ = one(raw.q)?.trim() ?? "";
  const q = rawQ.slice(0, LIST_QUERY_MAX_LENGTH);
  if (rawQ.length > LIST_QUERY_MAX_LENGTH) notes.push(`The search was cut to its first ${LIST_QUERY_MAX_LENGTH} characters.`);

  const defaultSort = options.sorts[0];
  const rawSort = one(raw.sort);
  const sort = z.enum(options.sorts as unknown as [S, ...S[]]).safeParse(rawSort ?? defaultSort);
  if (!sort.success) notes.push(`There is no sort "${String(rawSort).slice(0, 30)}"; sorted by ${defaultSort} instead.`);

  const int = (name: "page" | "size", fallback: number, min: number, max: number): number => {
    const value = one(raw[name]);
    if (value === undefined || value === "") return fallback;
    const parsed = z.coerce.number().int().safeParse(value);
    if (!parsed.success) {
      notes.push(`The ${name} "${value.slice(0, 20)}" is not a whole number; showing ${name} ${fallback} instead.`);
      return fallback;
    }
    const clamped = Math.min(max, Math.max(min, parsed.data));
    if (clamped !== parsed.data) notes.push(`The ${name} must be between ${min} and ${max}; showing ${name} ${clamped} instead.`);
    return clamped;
  };
  const page = int("page", 1, 1, LIST_PAGE_MAX);
  const size = int("size", options.defaultSize, 1, options.maxSize);
  return { query: { q, sort: sort.success ? sort.data : defaultSort, page, size }, notes };
}

/** Past the last page: the last page, said so. */
export function clampPage<S extends string>(parsed: ParsedListQuery<S>, total: number): ParsedListQuery<S> {
  const pages = Math.max(1, Math.ceil(total / parsed.query.size));
  if (parsed.query.page <= pages) return parsed;
  return { query: { ...parsed.query, page: pages }, notes: [...parsed.notes, `There are only ${pages} page${pages === 1 ? "" : "s"}; showing the last.`] };
}

/** The query string of a list page with some values changed; defaults are left out so that URLs stay short. */
export function listHref<S extends string>(path: string, query: ListQuery<S>, options: ListQueryOptions<S>, patch: Partial<ListQuery<S>> & Record<string, string | number | undefined> = {}, extra: Record<string, string | undefined> = {}): string {
  const merged: Record<string, string | number | undefined> = { ...extra, ...query, ...patch };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined || value === "") continue;
    if (key === "page" && value === 1) continue;
    if (key === "sort" && value === options.sorts[0]) continue;
    if (key === "size" && value === options.defaultSize) continue;
    params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${path}?${search}` : path;
}

/**
 * The pieces of a search to look for with SQL LIKE (Prisma's `contains`), which on SQLite gives `%` and `_` their
 * wildcard meaning with no way to escape them: the search is split at those characters and every piece must occur.
 * "50%" finds "50% off" (and, more loosely, "50 per cent"), never every row.
 */
export function searchPieces(q: string): string[] {
  return q
    .split(/[%_\\]+/)
    .map((piece) => piece.trim())
    .filter(Boolean);
}
