import type { Metadata } from "next";
import Link from "next/link";
import { z } from "zod";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { currentUser } from "@/lib/server/auth/session";
import { listUsers } from "@/lib/server/users/list-users";
import { ReviewerToggle } from "./reviewer-toggle";

export const metadata: Metadata = { title: "Users" };

const ZQuery = z.object({ page: z.coerce.number().int().min(1).catch(1), q: z.string().max(100).catch("").default("") });

export default async function AdminUsersPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in first">The user list is for admins. Sign in with an admin wallet.</EmptyState>;
  if (!user.roles.includes("ADMIN")) return <EmptyState title="Admins only">Your wallet does not have the admin role.</EmptyState>;

  const { page, q } = ZQuery.parse(await searchParams);
  const result = await listUsers(user, page, undefined, q);
  const pages = Math.max(1, Math.ceil(result.total / result.pageSize));
  const pageHref = (n: number) => `?${new URLSearchParams({ ...(q ? { q } : {}), page: String(n) }).toString()}`;
  return (
    <>
      <PageTitle title="Users" subtitle={`${result.total} wallets${q ? ` matching "${q}"` : ""}. Admins come from ADMIN_ADDRESSES; reviewers are granted here.`} />
      <form role="search" method="get" className="mb-4 flex max-w-md gap-2">
        <label htmlFor="user-search" className="sr-only">
          Search by address or name
        </label>
        <input id="user-search" name="q" type="search" defaultValue={q} placeholder="Address or name" className="min-w-0 flex-1 rounded-md border border-slate-300 px-3 py-1.5 text-sm" />
        <button type="submit" className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-900">
          Search
        </button>
      </form>
      <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Address</th>
              <th className="px-4 py-2">Name</th>
              <th className="px-4 py-2">Roles</th>
              <th className="px-4 py-2">Joined</th>
              <th className="px-4 py-2 text-right">Reviewer</th>
            </tr>
          </thead>
          <tbody>
            {result.users.map((u) => (
              <tr key={u.id} className="border-t border-slate-100" data-testid={`user-row-${u.address}`}>
                <td className="px-4 py-2 font-mono text-xs">{u.address}</td>
                <td className="px-4 py-2">{u.displayName ?? "—"}</td>
                <td className="px-4 py-2">
                  {["contributor", "buyer", ...u.roles.map((r) => r.toLowerCase())].map((r) => (
                    <span key={r} className="mr-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs">
                      {r}
                    </span>
                  ))}
                </td>
                <td className="px-4 py-2 text-slate-500">{u.createdAt.toISOString().slice(0, 10)}</td>
                <td className="px-4 py-2">
                  <ReviewerToggle userId={u.id} isReviewer={u.roles.includes("REVIEWER")} label={u.displayName ?? u.address} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <nav aria-label="Pagination" className="mt-4 flex items-center justify-between text-sm">
          {page > 1 ? <Link href={pageHref(page - 1)}>← Previous</Link> : <span />}
          <span className="text-slate-500">
            Page {page} of {pages}
          </span>
          {page < pages ? <Link href={pageHref(page + 1)}>Next →</Link> : <span />}
        </nav>
      )}
    </>
  );
}
