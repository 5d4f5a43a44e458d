import Link from "next/link";

// Search, sort and page links of a list page. A plain GET form: it works before hydration and without JavaScript,
// and every state of the list is a URL.

export function ListControls({
  action,
  q,
  sort,
  sorts,
  keep = {},
  searchLabel,
  notes,
}: {
  action: string;
  q: string;
  sort: string;
  sorts: readonly (readonly [string, string])[];
  /** Other query values the list is filtered by, carried over by the form. */
  keep?: Record<string, string | undefined>;
  searchLabel: string;
  notes: string[];
}) {
  return (
    <div className="mb-4 space-y-2">
      <form action={action} method="get" role="search" className="flex flex-wrap items-end gap-2 text-sm">
        {Object.entries(keep).map(([name, value]) => value !== undefined && <input key={name} type="hidden" name={name} value={value} />)}
        <label className="flex min-w-0 flex-1 flex-col">
          <span className="text-xs text-slate-500">{searchLabel}</span>
          <input type="search" name="q" defaultValue={q} maxLength={100} className="mt-1 w-full rounded-md border border-slate-300 px-3 py-1.5" />
        </label>
        <label className="flex flex-col">
          <span className="text-xs text-slate-500">Sort by</span>
          <select name="sort" defaultValue={sort} className="mt-1 rounded-md border border-slate-300 px-2 py-1.5">
            {sorts.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 hover:bg-slate-100">
          Search
        </button>
      </form>
      {notes.length > 0 && (
        <p role="status" className="rounded-md bg-amber-50 p-2 text-sm text-amber-900" data-testid="list-notes">
          {notes.join(" ")}
        </p>
      )}
    </div>
  );
}

/** Previous / next links and where we are; nothing when everything fits on one page. */
export function ListPager({ page, total, size, href }: { page: number; total: number; size: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(total / size));
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
      {page > 1 ? <Link href={href(page - 1)}>← Previous</Link> : <span />}
      <span className="text-slate-500">
        Page {page} of {pages} · {total.toLocaleString("en")} in all
      </span>
      {page < pages ? <Link href={href(page + 1)}>Next →</Link> : <span />}
    </nav>
  );
}
