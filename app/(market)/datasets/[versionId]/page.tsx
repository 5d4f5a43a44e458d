import type { Metadata } from "next";
import { TxLink } from "@/app/_components/tx-link";
import Link from "next/link";
import { getAddress, type Hex } from "viem";
import { orNotFound } from "@/app/_lib/load";
import { describeSchema, type DatasetCard } from "@/lib/domain/datasets/dataset-card";
import { formatData } from "@/lib/format";
import { currentUser } from "@/lib/server/auth/session";
import { getDatasetCard } from "@/lib/server/datasets/get-dataset-card";
import { hasDownloadAccess } from "@/lib/server/datasets/has-download-access";
import { getPurchaseStatus } from "@/lib/server/datasets/list-purchases";
import { LabelChart } from "../_components/label-chart";
import { DownloadPanel } from "../_components/download-panel";
import { BuyPanel } from "./buy-panel-loader";

export const metadata: Metadata = { title: "Dataset card" };

const pct = (x: number | null) => (x === null ? "n/a" : `${(x * 100).toFixed(1)}%`);
const day = (iso: string | null) => iso?.slice(0, 10) ?? "n/a";

function Fact({ label, value, testId }: { label: string; value: React.ReactNode; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <dt className="text-xs uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 font-medium" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default async function DatasetCardPage({ params }: { params: Promise<{ versionId: string }> }) {
  const { versionId } = await params;
  const user = await currentUser();
  const card = await orNotFound(getDatasetCard(versionId, user));
  const [owned, canDownload] = user
    ? await Promise.all([getPurchaseStatus(user, versionId).then((s) => s.state === "confirmed"), hasDownloadAccess(user, versionId)])
    : [false, false];

  return (
    <article className="space-y-8">
      <header>
        <p className="text-sm text-slate-500">
          <Link href="/datasets" className="hover:underline">
            Datasets
          </Link>{" "}
          / {card.campaignTitle}
        </p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight">
          {card.name} <span className="text-slate-500">{card.version}</span>
          {card.status === "DRAFT" && <span className="ml-2 rounded bg-amber-100 px-2 py-0.5 text-sm text-amber-900">draft (admins only)</span>}
        </h1>
        <p className="mt-2 max-w-3xl whitespace-pre-line text-slate-700">{card.description}</p>
      </header>

      <section aria-label="Buy" className="rounded-lg border border-brand-100 bg-brand-50 p-5">
        <div className="mb-3 flex items-baseline justify-between">
          <h2 className="text-lg font-semibold">
            <span data-testid="price">{formatData(card.priceWei, 4)} DATA</span>
          </h2>
          <span className="text-sm text-slate-600">Licence {card.licence}</span>
        </div>
        <BuySection card={card} owned={owned} canDownload={canDownload} buyer={user?.address ?? null} />
      </section>

      <section aria-label="Summary">
        <h2 className="mb-3 text-lg font-semibold">Summary</h2>
        <dl className="grid grid-cols-2 gap-3 md:grid-cols-4">
          <Fact label="Samples" value={card.sampleCount.toLocaleString("en")} testId="sample-count" />
          <Fact label="Size" value={`${(card.totalBytes / 1024).toFixed(1)} KiB`} />
          <Fact label="Task" value={card.taskId ? `${card.task} (${card.taskId})` : card.task} />
          <Fact label="Data type" value={card.dataType.toLowerCase()} />
          <Fact label="Contributors" value={card.contributors} testId="contributors" />
          <Fact label="Reviewers" value={card.reviewers} testId="reviewers" />
          <Fact label="Mean consensus posterior" value={card.meanPosterior === null ? "n/a" : card.meanPosterior.toFixed(3)} testId="mean-posterior" />
          <Fact label="Collected" value={`${day(card.collectedFrom)} to ${day(card.collectedTo)}`} />
        </dl>
        <p className="mt-3 text-sm text-slate-600">Label schema: {describeSchema(card.labelSchema)}.</p>
      </section>

      <section aria-label="Labels">
        <h2 className="mb-3 text-lg font-semibold">Label distribution and agreement</h2>
        <LabelChart bars={card.labels} />
        <div className="mt-3 max-w-2xl overflow-x-auto">
        <table className="w-full text-left text-sm">
          <thead className="text-xs uppercase tracking-wide text-slate-500">
            <tr>
              <th className="py-1">Label</th>
              <th className="py-1 text-right">Samples</th>
              <th className="py-1 text-right">Share</th>
              <th className="py-1 text-right">Reviewer agreement</th>
            </tr>
          </thead>
          <tbody>
            {card.labels.map((bar) => (
              <tr key={bar.label} className="border-t border-slate-100" data-testid="label-row">
                <td className="py-1">{bar.label}</td>
                <td className="py-1 text-right">{bar.count}</td>
                <td className="py-1 text-right">{pct(bar.share)}</td>
                <td className="py-1 text-right">{pct(bar.agreement)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        </div>
      </section>

      <section aria-label="Provenance">
        <h2 className="mb-3 text-lg font-semibold">Provenance</h2>
        <dl className="space-y-1 text-sm">
          <div>
            <dt className="inline text-slate-500">Merkle root: </dt>
            <dd className="inline break-all font-mono" data-testid="merkle-root">
              {card.provenance.merkleRoot ?? "not published yet"}
            </dd>
          </div>
          {card.provenance.publishTxHash && (
            <div>
              <dt className="inline text-slate-500">Published in transaction: </dt>
              <dd className="inline">
                <TxLink hash={card.provenance.publishTxHash} testId="publish-tx" />{" "}
                <span className="text-slate-500">(block {card.provenance.publishBlock}, chain {card.provenance.chainId})</span>
              </dd>
            </div>
          )}
          {card.provenance.registryAddress && (
            <div>
              <dt className="inline text-slate-500">Registry: </dt>
              <dd className="inline font-mono">{card.provenance.registryAddress}</dd>
            </div>
          )}
        </dl>
      </section>

      <section aria-label="Changes">
        <h2 className="mb-3 text-lg font-semibold">Changes</h2>
        <Changelog card={card} />
      </section>

      <section aria-label="Preview">
        <h2 className="mb-3 text-lg font-semibold">Preview</h2>
        {card.preview.length === 0 ? (
          <p className="text-sm text-slate-500" data-testid="no-preview">
            {card.status !== "PUBLISHED" ? "No samples frozen yet." : "No free preview: this version is too small to show rows of it for free (the label chart above describes it)."}
          </p>
        ) : (
          <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200 bg-white">
            {card.preview.map((s) => (
              <li key={s.sampleId} className="flex items-start justify-between gap-4 p-3 text-sm" data-testid="preview-sample">
                <span className="text-slate-800">{s.text ?? `${s.mimeType}, ${(s.sizeBytes / 1024).toFixed(1)} KiB`}</span>
                <code className="shrink-0 rounded bg-slate-100 px-2 py-0.5 text-xs">{s.labelJson}</code>
              </li>
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

function BuySection({ card, owned, canDownload, buyer }: { card: DatasetCard; owned: boolean; canDownload: boolean; buyer: string | null }) {
  if (card.status !== "PUBLISHED") return <p className="text-sm text-slate-700">A draft cannot be bought: publish it first.</p>;
  const downloads = canDownload && (
    <div className="mt-3">
      <DownloadPanel versionId={card.versionId} />
    </div>
  );
  if (owned) {
    return (
      <div>
        <p className="text-sm text-emerald-800" data-testid="owned">
          You own this version.
        </p>
        {downloads}
      </div>
    );
  }
  if (!buyer) return <p className="text-sm text-slate-700">Sign in with your wallet (top right) to buy this version.</p>;
  if (!card.provenance.registryAddress || !card.provenance.onChainId) return <p className="text-sm text-amber-800">The dataset registry is not deployed on this chain.</p>;
  return (
    <>
      <BuyPanel versionId={card.versionId} onChainId={card.provenance.onChainId as Hex} priceWei={card.priceWei.toString()} registry={getAddress(card.provenance.registryAddress)} buyer={getAddress(buyer)} canDownload={canDownload} />
      {downloads}
    </>
  );
}

function Changelog({ card }: { card: DatasetCard }) {
  const log = card.changelog;
  if (!log) return <p className="text-sm text-slate-500">Computed at publication.</p>;
  if (log.previousVersion === null) return <p className="text-sm" data-testid="changelog">First published version: {log.added} samples.</p>;
  return (
    <p className="text-sm" data-testid="changelog">
      Against {log.previousVersion}: {log.added} added, {log.removed} removed, {log.relabelled} relabelled, {log.unchanged} unchanged.
    </p>
  );
}
