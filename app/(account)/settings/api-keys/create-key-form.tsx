"use client";
import { useActionState } from "react";
import { CopyToClipboard } from "@/app/_components/copy-to-clipboard";
import { createApiKeyAction, type CreateKeyState } from "./actions";

export type ScopeOption = { value: string; description: string };

/** `scopes`: every scope a key can carry, with what it allows (from API_KEY_SCOPE_INFO, read by the server page). */
export function CreateKeyForm({ scopes }: { scopes: ScopeOption[] }) {
  const [state, action, pending] = useActionState<CreateKeyState, FormData>(createApiKeyAction, { key: null, message: null, errors: {} });
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-5">
      <form action={action} className="flex flex-wrap items-end gap-4" noValidate>
        <div>
          <label htmlFor="name" className="block text-sm font-medium">
            Key name
          </label>
          <input id="name" name="name" placeholder="upload script" className="mt-1 w-full max-w-xs rounded-md border border-slate-300 px-3 py-2 text-sm" aria-invalid={Boolean(state.errors.name)} />
          {state.errors.name && <p className="mt-1 text-xs text-red-700">{state.errors.name}</p>}
        </div>
        <fieldset>
          <legend className="text-sm font-medium">Scopes</legend>
          <div className="mt-1 space-y-1">
            {scopes.map((scope) => (
              <label key={scope.value} className="block text-sm">
                <input type="checkbox" name="scopes" value={scope.value} defaultChecked={scope.value === "upload"} /> {scope.value}
                <span className="ml-1 text-xs text-slate-500">({scope.description})</span>
              </label>
            ))}
          </div>
          {state.errors.scopes && <p className="mt-1 text-xs text-red-700">{state.errors.scopes}</p>}
        </fieldset>
        <button type="submit" disabled={pending} className="rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700 disabled:opacity-50">
          {pending ? "Creating…" : "Create key"}
        </button>
      </form>
      {state.key && (
        <div role="status" className="mt-4 rounded-md bg-emerald-50 p-3 text-sm">
          <p className="font-medium text-emerald-900">Copy this key now: it will not be shown again.</p>
          <code data-testid="new-api-key" className="mt-1 block break-all font-mono text-xs">
            {state.key}
          </code>
          <div className="mt-2">
            <CopyToClipboard text={state.key} label="Copy key" />
          </div>
        </div>
      )}
      {state.message && <p role="alert" className="mt-3 text-sm text-red-700">{state.message}</p>}
    </div>
  );
}
