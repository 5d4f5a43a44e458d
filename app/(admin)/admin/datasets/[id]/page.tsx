import type { Metadata } from "next";
import { TxLink } from "@/app/_components/tx-link";
import Link from "next/link";
import { z } from "zod";
import { PageTitle } from "@/app/_components/empty-state";
import { orNotFound } from "@/app/_lib/load";
import { LabelChart } from "@/app/(market)/datasets/_components/label-chart";
import { formatBytes } from "@/lib/domain/ingest/format-quantities";
import { formatData } from "@/lib/format";
import { getAdminDataset, type DownloadReadiness } from "@/lib/server/datasets/get-admin-dataset";
import { previewVersion } from "@/lib/server/datasets/preview-version";
import { AdminGate } from "../../campaigns/_components/admin-gate";
import { DraftForm, PublishButton } from "../_components/draft-form";

function DownloadsReadiness({ downloads }: { downloads: DownloadReadiness[] }) {
  return (
    <p className="mt-1 text-xs text-slate-600" data-testid="downloads-readiness">
      Downloads:{" "}
      {downloads.map((d, i) => (
        <span key={d.format}>
          {i > 0 && " · "}
          {d.bytes === null ? `${d.format} waiting for the worker` : `${d.format} ready (${formatBytes(d.bytes)})`}
        </span>
      ))}
    </p>
  );
}

export const metadata: Metadata = { title: "Dataset (admin)" };

const ZQuery = z.object({ published: z.string().optional().catch(undefined) });

export default async function AdminDatasetPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const { id } = await params;
  const { published: justPublished } = ZQuery.parse(await searchParams);
  return (
    <AdminGate>
      {async (admin) => {
        const dataset = await orNotFound(getAdminDataset(admin, id));
        const preview = dataset.draft ? await previewVersion(admin, dataset.draft.id) : null;
        const fresh = dataset.published.find((v) => v.id === justPublished);
        const schema = dataset.campaign.labelSchema;
        return (
          <>
            <PageTitle title={dataset.name} subtitle={`From ${dataset.campaign.title}. ${dataset.description}`} />
            {fresh && (
              <p role="status" className="mb-4 rounded-md bg-emerald-50 p-3 text-sm text-emerald-900" data-testid="published-banner">
                Published {fresh.version}: {fresh.sampleCount} samples, Merkle root <span className="break-all font-mono">{fresh.merkleRoot}</span> in transaction{" "}
                {fresh.publishTxHash ? <TxLink hash={fresh.publishTxHash} /> : "none"}.
              </p>
            )}
            <div className="grid gap-6 lg:grid-cols-2">
              <div className="space-y-4">
                <DraftForm
                  datasetId={dataset.id}
                  draft={dataset.draft && { id: dataset.draft.id, priceWei: dataset.draft.priceWei.toString(), filters: dataset.draft.filters }}
                  labels={schema.kind === "free_text" ? [] : schema.labels}
                />
                {dataset.draft && preview && (
                  <section aria-label="Preview" className="space-y-3 rounded-lg border border-slate-200 bg-white p-6">
                    <h2 className="text-lg font-semibold">Preview</h2>
                    <p className="text-sm" data-testid="preview-count">
                      {preview.stats.sampleCount} accepted samples selected, from {preview.stats.contributors} {preview.stats.contributors === 1 ? "contributor" : "contributors"}, mean
                      posterior{" "}
                      {preview.stats.meanPosterior === null ? "n/a" : preview.stats.meanPosterior.toFixed(3)}.
                    </p>
                    <LabelChart bars={preview.stats.labels.map((l) => ({ ...l, share: preview.stats.sampleCount ? l.count / preview.stats.sampleCount : 0 }))} />
                    <p className="text-xs text-slate-500">Publishing freezes exactly this selection; samples accepted later go into the next version.</p>
                    <PublishButton datasetId={dataset.id} versionId={dataset.draft.id} datasetName={dataset.name} version={preview.version} sampleCount={preview.stats.sampleCount} merkleRoot={preview.merkleRoot} />
                  </section>
                )}
              </div>
              <section aria-label="Published versions">
                <h2 className="mb-3 text-lg font-semibold">Published versions</h2>
                {dataset.published.length === 0 ? (
                  <p className="text-sm text-slate-500">None yet.</p>
                ) : (
                  <ul className="space-y-2">
                    {dataset.published.map((v) => (
                      <li key={v.id} className="rounded-lg border border-slate-200 bg-white p-3 text-sm" data-testid="published-version">
                        <Link href={`/datasets/${v.id}`} className="font-semibold text-brand-700 hover:underline">
                          {v.version}
                        </Link>{" "}
                        · {v.sampleCount} samples · {formatData(v.priceWei)} DATA · {v.purchases} sold
                        <div className="break-all font-mono text-xs text-slate-500">{v.merkleRoot}</div>
                        <DownloadsReadiness downloads={v.downloads} />
                      </li>
                    ))}
                  </ul>
                )}
              </section>
            </div>
          </>
        );
      }}
    </AdminGate>
  );
}
