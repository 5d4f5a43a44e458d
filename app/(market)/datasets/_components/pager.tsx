import Link from "next/link";

/** Previous / next links for a paged list; nothing when it fits on one page. */
export function Pager({ page, total, pageSize }: { page: number; total: number; pageSize: number }) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  if (pages <= 1) return null;
  return (
    <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
      {page > 1 ? <Link href={`?page=${page - 1}`}>← Previous</Link> : <span />}
      <span className="text-slate-500">
        Page {page} of {pages}
      </span>
      {page < pages ? <Link href={`?page=${page + 1}`}>Next →</Link> : <span />}
    </nav>
  );
}
