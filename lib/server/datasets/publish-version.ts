import "server-only";
import { BaseError, type Hash } from "viem";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { describeRegistryRevert, findPublishTx, licenceHash, onChainVersionId, publishOnChain, readRegistryVersion } from "@/lib/chain/dataset-registry";
import { versionChangelog } from "@/lib/domain/datasets/changelog";
import { datasetMerkleRoot } from "@/lib/domain/datasets/merkle-leaf";
import { computeVersionStats } from "@/lib/domain/datasets/version-stats";
import { AppError } from "@/lib/errors";
import { assertRole, type SessionUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { requireRegistry } from "./registry";
import { selectVersionSamples } from "./select-version-samples";
import { loadVersionContext, schemaLabels } from "./version-context";

export type PublishedVersion = { id: string; version: string; merkleRoot: string; sampleCount: number; txHash: Hash; blockNumber: number };

// Freezing a large selection writes one row per sample: give it longer than Prisma's 5 s default.
const FREEZE_TX = { maxWait: 10_000, timeout: 120_000 } as const;

/**
 * Admin only: publishes a draft. (1) Freezes it in one transaction: the selected samples become its membership rows
 * (sorted by id, one Merkle leaf each), with the root, the card's stats and the changelog against the previous
 * published version. (2) Commits the root, price and licence hash on-chain (simulate, write, receipt, status).
 * (3) Marks it PUBLISHED as vN with the transaction and block. Samples accepted later go into the next version.
 * A retry after a crash between (2) and (3) finds the version on-chain with the frozen root and only finishes (3).
 * `expectedRoot`, when given, is the root the admin confirmed: a selection that changed since is refused, not published.
 */
export async function publishVersion(actor: SessionUser, versionId: string, options: { expectedRoot?: string } = {}): Promise<PublishedVersion> {
  assertRole(actor, "ADMIN");
  const registry = await requireRegistry();
  const publicClient = createTesseraPublicClient();
  const onChainId = onChainVersionId(versionId);

  const current = await loadVersionContext(db, versionId);
  if (current.status === "PUBLISHED") throw new AppError("CONFLICT", `Version ${current.version} is already published and cannot change.`);

  const onChain = await readRegistryVersion(publicClient, registry, onChainId);
  let frozen: { merkleRoot: string; sampleCount: number; version: string };
  let txHash: Hash;
  let blockNumber: bigint;
  if (onChain) {
    const row = await db.datasetVersion.findUniqueOrThrow({ where: { id: versionId }, select: { merkleRoot: true, sampleCount: true } });
    if (row.merkleRoot !== onChain.merkleRoot) throw new AppError("INTERNAL", "This version is on-chain with another Merkle root than the one frozen here.");
    const tx = await findPublishTx(publicClient, registry, onChainId, onChain.publishedAtBlock);
    if (!tx) throw new AppError("INTERNAL", "This version is on-chain but its publishing transaction was not found.");
    frozen = { merkleRoot: row.merkleRoot, sampleCount: row.sampleCount, version: await nextVersionName(current.datasetId) };
    [txHash, blockNumber] = [tx, onChain.publishedAtBlock];
  } else {
    frozen = await freeze(versionId, onChainId, options.expectedRoot);
    try {
      ({ txHash, blockNumber } = await publishOnChain({ publicClient, walletClient: createPayoutWalletClient() }, registry, {
        versionId: onChainId,
        merkleRoot: frozen.merkleRoot as `0x${string}`,
        priceWei: current.priceWei,
        licenceHash: licenceHash(current.licence),
      }));
    } catch (error) {
      const sentence = describeRegistryRevert(error) ?? (error instanceof BaseError ? error.shortMessage : "the chain did not answer");
      throw new AppError("CHAIN_ERROR", `Publishing on-chain failed: ${sentence}`, { cause: error });
    }
  }

  const done = await db.$transaction(async (tx) => {
    const { count } = await tx.datasetVersion.updateMany({
      where: { id: versionId, status: "DRAFT" },
      data: { status: "PUBLISHED", version: frozen.version, publishTxHash: txHash, publishBlock: Number(blockNumber), publishedAt: new Date() },
    });
    if (count === 1) {
      await tx.auditEvent.create({
        data: { actorId: actor.id, action: "dataset.version.publish", subject: `datasetVersion:${versionId}`, details: { txHash, merkleRoot: frozen.merkleRoot } },
      });
    }
    return count === 1;
  });
  if (!done) throw new AppError("CONFLICT", "This version was published by someone else in the meantime.");
  return { id: versionId, version: frozen.version, merkleRoot: frozen.merkleRoot, sampleCount: frozen.sampleCount, txHash, blockNumber: Number(blockNumber) };
}

async function nextVersionName(datasetId: string): Promise<string> {
  const published = await db.datasetVersion.count({ where: { datasetId, status: "PUBLISHED" } });
  return `v${published + 1}`;
}

async function freeze(versionId: string, onChainId: string, expectedRoot: string | undefined): Promise<{ merkleRoot: string; sampleCount: number; version: string }> {
  return db.$transaction(async (tx) => {
    // A write first: it takes SQLite's write lock before anything is read, so another process committing meanwhile
    // cannot invalidate this transaction's snapshot (SQLITE_BUSY_SNAPSHOT), and it re-checks the draft in one step.
    const { count } = await tx.datasetVersion.updateMany({ where: { id: versionId, status: "DRAFT" }, data: { merkleRoot: null } });
    if (count !== 1) throw new AppError("CONFLICT", "This version is already published and cannot change.");
    const version = await loadVersionContext(tx, versionId);
    const selected = await selectVersionSamples(tx, version.campaignId, version.filters);
    if (selected.length === 0) {
      throw new AppError("VALIDATION", "No accepted samples match these filters, so there is nothing to publish. Loosen the filters or wait for more accepted samples.");
    }
    const previous = await tx.datasetVersion.findFirst({
      where: { datasetId: version.datasetId, status: "PUBLISHED" },
      orderBy: { publishedAt: "desc" },
      select: { version: true, samples: { select: { sampleId: true, labelJson: true } } },
    });
    const merkleRoot = datasetMerkleRoot(selected.map((s) => s.leaf));
    if (expectedRoot !== undefined && expectedRoot !== merkleRoot) {
      throw new AppError("CONFLICT", "The selection changed since you confirmed it (new samples were accepted or rejected): nothing was published. Check the preview and publish again.");
    }
    const stats = computeVersionStats(selected, version.labelSchema.kind, schemaLabels(version.labelSchema));
    const changelog = versionChangelog(previous ? { version: previous.version, members: previous.samples } : null, selected.map((s) => ({ sampleId: s.id, labelJson: s.labelJson })));

    // A failed earlier attempt may have frozen another selection: this one replaces it.
    await tx.datasetVersionSample.deleteMany({ where: { versionId } });
    await tx.datasetVersionSample.createMany({
      data: selected.map((s, position) => ({ versionId, sampleId: s.id, position, labelJson: s.labelJson, contentHash: s.leaf.contentSha256, contributor: s.leaf.contributor.toLowerCase() })),
    });
    await tx.datasetVersion.update({ where: { id: versionId }, data: { onChainId, merkleRoot, sampleCount: selected.length, stats, changelog } });
    const published = await tx.datasetVersion.count({ where: { datasetId: version.datasetId, status: "PUBLISHED" } });
    return { merkleRoot, sampleCount: selected.length, version: `v${published + 1}` };
  }, FREEZE_TX);
}
