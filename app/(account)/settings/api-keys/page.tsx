import type { Metadata } from "next";
import { EmptyState, PageTitle } from "@/app/_components/empty-state";
import { API_KEY_SCOPES, API_KEY_SCOPE_INFO, listApiKeys } from "@/lib/server/api-keys/api-keys";
import { currentUser } from "@/lib/server/auth/session";
import { CreateKeyForm } from "./create-key-form";
import { RevokeKeyForm } from "./revoke-key-form";

export const metadata: Metadata = { title: "API keys" };

export default async function ApiKeysPage() {
  const user = await currentUser();
  if (!user) return <EmptyState title="Sign in first">API keys belong to a wallet: sign in to create one.</EmptyState>;
  const keys = await listApiKeys(user);
  return (
    <div className="space-y-6">
      <PageTitle title="API keys" subtitle="For scripts and agents: bulk uploads (scope upload), dataset downloads (scope download) and the review API (scope review, see docs/review-api.md). Send as Authorization: Bearer <key>." />
      <CreateKeyForm scopes={API_KEY_SCOPES.map((value) => ({ value, description: API_KEY_SCOPE_INFO[value].description }))} />
      {keys.length === 0 ? (
        <EmptyState title="No keys yet">Create a key above; it is shown once, stored only as a hash, and can be revoked at any time.</EmptyState>
      ) : (
        <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white">
        <table className="w-full text-left text-sm">
          <thead className="bg-slate-50 text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="px-4 py-2">Name</th>
              <th className="px-4 py-2">Key</th>
              <th className="px-4 py-2">Scopes</th>
              <th className="px-4 py-2">Created</th>
              <th className="px-4 py-2">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} className="border-t border-slate-100">
                <td className="px-4 py-2">{k.name}</td>
                <td className="px-4 py-2 font-mono text-xs">{k.prefix}…</td>
                <td className="px-4 py-2">{k.scopes.join(", ")}</td>
                <td className="px-4 py-2 text-slate-500">{k.createdAt.toISOString().slice(0, 10)}</td>
                <td className="px-4 py-2 text-right">
                  {k.revokedAt ? (
                    <span className="text-slate-500">revoked</span>
                  ) : (
                    <RevokeKeyForm id={k.id} />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      )}
    </div>
  );
}
