import Link from "next/link";
import { CopyButton } from "./copy-button";

/** The campaign's id and a bulk-upload command for it, as the README's API example gives it, with this campaign filled in. */
export function ApiExample({ id, slug, appUrl, dataType, exampleLabels }: { id: string; slug: string; appUrl: string; dataType: "TEXT" | "IMAGE"; exampleLabels: string | string[] }) {
  const line = dataType === "IMAGE" ? `{"file": "photo-1.jpg", "labels": ${JSON.stringify(exampleLabels)}}` : `{"text": "Your first text item here.", "labels": ${JSON.stringify(exampleLabels)}}`;
  const command = [
    `cat > manifest.jsonl <<'JSONL'`,
    line,
    `JSONL`,
    `curl -H "Authorization: Bearer $TESSERA_KEY" \\`,
    `  -F manifest=@manifest.jsonl ${dataType === "IMAGE" ? "-F files=@photo-1.jpg " : ""}\\`,
    `  ${appUrl}/api/campaigns/${slug}/samples`,
  ].join("\n");
  return (
    <details className="rounded-lg border border-slate-200 bg-white p-4 text-sm" data-testid="api-example">
      <summary className="cursor-pointer font-medium">Upload from a script (API)</summary>
      <dl className="mt-3 grid gap-2 sm:grid-cols-[max-content_1fr] sm:gap-x-4">
        <dt className="text-slate-500">Campaign id</dt>
        <dd className="flex min-w-0 flex-wrap items-center gap-2">
          <code className="break-all rounded bg-slate-100 px-1.5 py-0.5" data-testid="campaign-id">
            {id}
          </code>
          <CopyButton value={id} label="Copy campaign id" />
        </dd>
        <dt className="text-slate-500">URL name</dt>
        <dd>
          <code className="rounded bg-slate-100 px-1.5 py-0.5">{slug}</code> <span className="text-slate-500">(works wherever the API takes the id)</span>
        </dd>
      </dl>
      <p className="mt-3 text-slate-600">
        Create a key with the <em>upload</em> scope under{" "}
        <Link href="/settings/api-keys" className="text-brand-700 underline">
          API keys
        </Link>
        , put it in <code>TESSERA_KEY</code>, then:
      </p>
      <div className="mt-2 flex items-start gap-2">
        <pre className="min-w-0 flex-1 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100" data-testid="api-command">
          {command}
        </pre>
        <CopyButton value={command} label="Copy upload command" />
      </div>
      <p className="mt-2 text-xs text-slate-500">
        {dataType === "IMAGE" ? "Each line names a file sent in the same request; this campaign takes images only." : "Each line carries its text; this campaign takes text only."} One line per sample, up to 1,000 per request.
      </p>
    </details>
  );
}
