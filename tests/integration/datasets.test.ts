// Dataset versions end to end against a real SQLite file and the integration Hardhat node: drafts, preview, publish
// (membership, Merkle root on-chain), immutability, purchases credited only by the indexer from Purchased events,
// the revenue split, and the bad inputs of issue 6.
import { createHash } from "node:crypto";
import { parseUnits, type Address } from "viem";
import { beforeEach, describe, expect, it } from "vitest";
import { createPayoutWalletClient, createTesseraPublicClient } from "@/lib/chain/clients";
import { decodeRegistryRevert, onChainVersionId, readRegistryVersion } from "@/lib/chain/dataset-registry";
import { dataBalanceOf, mintData } from "@/lib/chain/token";
import { datasetMerkleRoot } from "@/lib/domain/datasets/merkle-leaf";
import type { VersionStats } from "@/lib/domain/datasets/version-stats";
import type { SessionUser } from "@/lib/server/auth/session";
import { createDataset } from "@/lib/server/datasets/create-dataset";
import { getDatasetCard } from "@/lib/server/datasets/get-dataset-card";
import { hasDownloadAccess } from "@/lib/server/datasets/has-download-access";
import { indexPurchases, PURCHASE_CURSOR_ID } from "@/lib/server/datasets/index-purchases";
import { getPurchaseStatus, listMyPurchases } from "@/lib/server/datasets/list-purchases";
import { previewVersion } from "@/lib/server/datasets/preview-version";
import { publishVersion } from "@/lib/server/datasets/publish-version";
import { createDraftVersion, updateDraftVersion } from "@/lib/server/datasets/save-draft-version";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { reviewEscrowAbi } from "@/lib/chain/abi/ReviewEscrow";
import { STAKE_COOLDOWN_SECONDS } from "@/lib/domain/trust/stake-rules";
import { makeCampaign } from "../support/campaigns";
import { acceptedSample, approveAndBuy, hardhatWallet, send } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { rpc } from "../support/payouts/payout-fixtures";
import { sessionUser } from "../support/reviews";
import { dataTokenAbi, datasetRegistryAbi } from "@/lib/chain/abi";

const DATA = (n: string) => parseUnits(n, 18);
const PRICE = DATA("25");
const publicClient = createTesseraPublicClient();

let admin: SessionUser;
let contributors: SessionUser[];
let reviewerIds: string[];
let campaignId: string;
let token: Address;
let registry: Address;
let distributor: Address;
const buyerWallet = hardhatWallet(3);
const poorWallet = hardhatWallet(4);

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  const [t, d, r] = await ensureDeployments();
  [token, distributor, registry] = [t!.address, d!.address, r!.address];
  const payout = { publicClient, walletClient: createPayoutWalletClient() };
  await mintData(payout, token, buyerWallet.account.address, DATA("100"));
  await mintData(payout, token, poorWallet.account.address, DATA("10"));
  admin = await sessionUser({ roles: ["ADMIN"] });
  contributors = [await sessionUser(), await sessionUser()];
  reviewerIds = [(await sessionUser({ roles: ["REVIEWER"] })).id, (await sessionUser({ roles: ["REVIEWER"] })).id];
  campaignId = (await makeCampaign()).id;
});

/** 3 samples by contributor 0, 1 by contributor 1; one of them below a 0.9 posterior and one "negative". */
async function seedAccepted() {
  const [c0, c1] = contributors.map((c) => c.id) as [string, string];
  const samples = [
    await acceptedSample(campaignId, c0, { reviewerIds, createdAt: new Date("2026-11-01T10:00:00Z") }),
    await acceptedSample(campaignId, c0, { reviewerIds, createdAt: new Date("2026-11-02T10:00:00Z") }),
    await acceptedSample(campaignId, c0, { reviewerIds: reviewerIds.slice(0, 1), label: "negative", createdAt: new Date("2026-11-03T10:00:00Z") }),
    await acceptedSample(campaignId, c1, { reviewerIds, posterior: 0.6, createdAt: new Date("2026-11-04T10:00:00Z") }),
  ];
  // Not accepted: never in a version.
  await db.sample.create({ data: { campaignId, contributorId: c1, contentHash: "f".repeat(64), mimeType: "text/plain", sizeBytes: 3, textContent: "bad", labels: "positive", status: "REJECTED" } });
  return samples;
}

async function publishedVersion(filters: Record<string, unknown> = {}) {
  const dataset = await createDataset(admin, { campaignId, name: "Sentiment", slug: `sentiment-${Date.now()}`, description: "Accepted product reviews." });
  const draft = await createDraftVersion(admin, dataset.id, { filters: { minPosterior: 0, labels: [], ...filters }, priceWei: PRICE });
  const published = await publishVersion(admin, draft.id);
  return { datasetId: dataset.id, ...published };
}

describe("registry deployment", () => {
  it("is reused while the chain has it, paying into the distributor's treasury", async () => {
    const again = await ensureDeployments();
    expect(again.map((d) => [d.name, d.reused])).toEqual([
      ["DataToken", true],
      ["RewardDistributor", true],
      ["DatasetRegistry", true],
      ["ReviewEscrow", true],
    ]);
    expect(again[2]!.address).toBe(registry);
    expect(await publicClient.readContract({ address: registry, abi: datasetRegistryAbi, functionName: "revenueSink" })).toBe(distributor);
    // The review escrow slashes into the same treasury, with a cooldown past any appeal window.
    const escrow = again[3]!.address;
    expect(await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "treasury" })).toBe(distributor);
    expect(await publicClient.readContract({ address: escrow, abi: reviewEscrowAbi, functionName: "cooldown" })).toBe(STAKE_COOLDOWN_SECONDS);
  });
});

describe("drafts and preview", () => {
  it("previews what the filters select without freezing anything", async () => {
    await seedAccepted();
    const dataset = await createDataset(admin, { campaignId, name: "Sentiment", slug: "sentiment", description: "Accepted product reviews." });
    const draft = await createDraftVersion(admin, dataset.id, { filters: { minPosterior: 0.9, labels: [] }, priceWei: PRICE });
    const preview = await previewVersion(admin, draft.id);
    expect(preview.stats.sampleCount).toBe(3);
    expect(preview.stats.labels).toEqual([
      { label: "positive", count: 2, agreement: 1 },
      { label: "negative", count: 1, agreement: 1 },
      { label: "neutral", count: 0, agreement: null },
    ]);
    await updateDraftVersion(admin, draft.id, { filters: { minPosterior: 0, labels: ["negative"], from: "2026-11-03", to: "2026-11-03" }, priceWei: PRICE });
    expect((await previewVersion(admin, draft.id)).stats.sampleCount).toBe(1);
    expect(await db.datasetVersionSample.count()).toBe(0);
  });

  it("keeps one draft per dataset and admins only", async () => {
    const dataset = await createDataset(admin, { campaignId, name: "Sentiment", slug: "sentiment", description: "Accepted product reviews." });
    await createDraftVersion(admin, dataset.id, { filters: { minPosterior: 0, labels: [] }, priceWei: PRICE });
    await expect(createDraftVersion(admin, dataset.id, { filters: { minPosterior: 0, labels: [] }, priceWei: PRICE })).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/already has a draft/) });
    await expect(createDataset(contributors[0]!, { campaignId, name: "Mine", slug: "mine", description: "Not an admin's dataset." })).rejects.toMatchObject({ code: "FORBIDDEN" });
    expect(await db.dataset.count()).toBe(1);
  });
});

describe("publish", () => {
  it("freezes the selection as Merkle leaves, commits the root on-chain and records the transaction", async () => {
    const samples = await seedAccepted();
    const published = await publishVersion(admin, (await createDraftVersion(admin, (await createDataset(admin, { campaignId, name: "Sentiment", slug: "s1", description: "Accepted product reviews." })).id, { filters: { minPosterior: 0, labels: [] }, priceWei: PRICE })).id);
    expect(published).toMatchObject({ version: "v1", sampleCount: 4 });

    const members = await db.datasetVersionSample.findMany({ where: { versionId: published.id }, orderBy: { position: "asc" } });
    const sortedIds = samples.map((s) => s.id).sort();
    expect(members.map((m) => m.sampleId)).toEqual(sortedIds);
    const byId = new Map(samples.map((s) => [s.id, s]));
    for (const m of members) {
      const sample = byId.get(m.sampleId)!;
      expect(m.contentHash).toBe(createHash("sha256").update(sample.textContent!, "utf8").digest("hex"));
      expect(m.labelJson).toBe(JSON.stringify(sample.consensusLabel));
    }
    const root = datasetMerkleRoot(members.map((m) => ({ sampleId: m.sampleId, contentSha256: m.contentHash, labelJson: m.labelJson, contributor: m.contributor })));
    expect(published.merkleRoot).toBe(root);

    const onChain = await readRegistryVersion(publicClient, registry, onChainVersionId(published.id));
    expect(onChain).toMatchObject({ merkleRoot: root, price: PRICE });
    const receipt = await publicClient.getTransactionReceipt({ hash: published.txHash });
    expect(receipt.status).toBe("success");
    expect(Number(receipt.blockNumber)).toBe(published.blockNumber);

    const row = await db.datasetVersion.findUniqueOrThrow({ where: { id: published.id } });
    expect(row).toMatchObject({ status: "PUBLISHED", publishTxHash: published.txHash, onChainId: onChainVersionId(published.id), sampleCount: 4 });
    expect(row.stats as VersionStats).toMatchObject({ sampleCount: 4, contributors: 2, reviewers: 2, collectedFrom: "2026-11-01T10:00:00.000Z", collectedTo: "2026-11-04T10:00:00.000Z" });
    expect(row.changelog).toMatchObject({ previousVersion: null, added: 4 });

    const card = await getDatasetCard(published.id);
    expect(card.provenance).toMatchObject({ merkleRoot: root, registryAddress: registry, publishTxHash: published.txHash });
    // Four rows are too few to show any for free (lib/domain/datasets/free-preview.ts).
    expect(card.preview).toHaveLength(0);
  });

  it("refuses to edit a published version, and leaves it as it was", async () => {
    await seedAccepted();
    const published = await publishedVersion();
    const before = await db.datasetVersion.findUniqueOrThrow({ where: { id: published.id } });
    const edit = updateDraftVersion(admin, published.id, { filters: { minPosterior: 0.99, labels: [] }, priceWei: DATA("1") });
    await expect(edit).rejects.toMatchObject({ code: "CONFLICT", status: 409, message: "Version v1 is published and can no longer change: create a new version instead." });
    await expect(publishVersion(admin, published.id)).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
    expect(await db.datasetVersion.findUniqueOrThrow({ where: { id: published.id } })).toEqual(before);
  });

  it("refuses an empty selection with a 422 and leaves nothing behind: no membership, no root, nothing on-chain", async () => {
    await seedAccepted();
    const dataset = await createDataset(admin, { campaignId, name: "Sentiment", slug: "s-empty", description: "Accepted product reviews." });
    const draft = await createDraftVersion(admin, dataset.id, { filters: { minPosterior: 0, labels: ["neutral"] }, priceWei: PRICE });
    const head = await publicClient.getBlockNumber();
    await expect(publishVersion(admin, draft.id)).rejects.toMatchObject({
      code: "VALIDATION",
      status: 422,
      message: "No accepted samples match these filters, so there is nothing to publish. Loosen the filters or wait for more accepted samples.",
    });
    expect(await db.datasetVersionSample.count()).toBe(0);
    expect(await db.datasetVersion.findUniqueOrThrow({ where: { id: draft.id } })).toMatchObject({ status: "DRAFT", merkleRoot: null, onChainId: null, publishTxHash: null });
    expect(await publicClient.getBlockNumber()).toBe(head);
  });

  it("puts later acceptances into the next version, never into a published one", async () => {
    await seedAccepted();
    const v1 = await publishedVersion();
    const late = await acceptedSample(campaignId, contributors[1]!.id, { reviewerIds });
    const v2draft = await createDraftVersion(admin, v1.datasetId, { filters: { minPosterior: 0, labels: [] }, priceWei: PRICE });
    const v2 = await publishVersion(admin, v2draft.id);
    expect(v2).toMatchObject({ version: "v2", sampleCount: 5 });
    expect(await db.datasetVersionSample.count({ where: { versionId: v1.id } })).toBe(4);
    expect(await db.datasetVersionSample.count({ where: { versionId: v1.id, sampleId: late.id } })).toBe(0);
    expect((await db.datasetVersion.findUniqueOrThrow({ where: { id: v2.id } })).changelog).toMatchObject({ previousVersion: "v1", added: 1, removed: 0, unchanged: 4, examples: { added: [late.id] } });
    expect(v2.merkleRoot).not.toBe(v1.merkleRoot);
  });
});

describe("purchases", () => {
  it("credits access only once the indexer reads the Purchased event, and splits the price into revenue payouts", async () => {
    await seedAccepted();
    const v1 = await publishedVersion();
    const buyer = await db.user.upsert({ where: { address: buyerWallet.account.address.toLowerCase() }, create: { address: buyerWallet.account.address.toLowerCase() }, update: {} });
    const buyerUser: SessionUser = { id: buyer.id, address: buyer.address, displayName: null, roles: [] };

    const receipt = await approveAndBuy(buyerWallet, token, registry, onChainVersionId(v1.id), PRICE);
    expect(receipt.status).toBe("success");
    expect(await dataBalanceOf(publicClient, token, distributor)).toBe(PRICE);
    // The chain has it; the server has not read it yet, so nothing is granted.
    expect(await hasDownloadAccess(buyerUser, v1.id)).toBe(false);
    expect(await getPurchaseStatus(buyerUser, v1.id)).toEqual({ state: "none" });

    const step = await indexPurchases(publicClient);
    expect(step).toMatchObject({ recorded: 1, ignored: [], reset: false });
    expect(await hasDownloadAccess(buyerUser, v1.id)).toBe(true);
    expect(await getPurchaseStatus(buyerUser, v1.id)).toEqual({ state: "confirmed", txHash: receipt.transactionHash, blockNumber: Number(receipt.blockNumber) });
    expect((await listMyPurchases(buyerUser)).rows).toEqual([expect.objectContaining({ versionId: v1.id, version: "v1", priceWei: PRICE })]);

    // 10 % platform, 10 % reviewers (r0 reviewed 4 samples, r1 3), 80 % contributors (3 samples vs 1).
    const purchase = await db.purchase.findFirstOrThrow();
    const payouts = await db.payout.findMany({ where: { subjectId: purchase.id }, include: { recipient: true } });
    const by = Object.fromEntries(payouts.map((p) => [p.recipientId, BigInt(p.amountWei)]));
    const platform = await db.user.findUniqueOrThrow({ where: { address: createPayoutWalletClient().account.address.toLowerCase() } });
    expect(by).toEqual({
      [contributors[0]!.id]: DATA("15"),
      [contributors[1]!.id]: DATA("5"),
      // 2.5 DATA * 4/7 and * 3/7: the wei left over goes to the larger remainder (3/7's .57 over 4/7's .43).
      [reviewerIds[0]!]: (DATA("2.5") * 4n) / 7n,
      [reviewerIds[1]!]: (DATA("2.5") * 3n) / 7n + 1n,
      [platform.id]: DATA("2.5"),
    });
    expect(payouts.reduce((s, p) => s + BigInt(p.amountWei), 0n)).toBe(PRICE);
    expect(payouts.every((p) => p.reason === "dataset.revenue" && p.campaignId === null && p.status === "PENDING")).toBe(true);
  });

  it("never processes an event twice: not on a second pass, not after losing the cursor, not after a chain reset is detected", async () => {
    await seedAccepted();
    const v1 = await publishedVersion();
    await approveAndBuy(buyerWallet, token, registry, onChainVersionId(v1.id), PRICE);
    await indexPurchases(publicClient);
    const payouts = await db.payout.count();
    expect(await indexPurchases(publicClient)).toEqual({ idle: "up to date" });

    await db.chainCursor.update({ where: { id: PURCHASE_CURSOR_ID }, data: { blockHash: `0x${"00".repeat(32)}` } });
    expect(await indexPurchases(publicClient)).toMatchObject({ reset: true, recorded: 0 });
    await db.chainCursor.delete({ where: { id: PURCHASE_CURSOR_ID } });
    expect(await indexPurchases(publicClient)).toMatchObject({ reset: false, recorded: 0 });
    expect(await db.purchase.count()).toBe(1);
    expect(await db.payout.count()).toBe(payouts);
  });

  it("grants nothing for a Purchased event at another price than the version's", async () => {
    await seedAccepted();
    const v1 = await publishedVersion();
    // The database says 30 DATA, the chain sold it at 25: the event does not match what we sell.
    await db.datasetVersion.update({ where: { id: v1.id }, data: { priceWei: DATA("30").toString() } });
    const receipt = await approveAndBuy(buyerWallet, token, registry, onChainVersionId(v1.id), PRICE);
    const step = await indexPurchases(publicClient);
    expect(step).toMatchObject({ recorded: 0, ignored: [{ txHash: receipt.transactionHash, reason: `paid ${PRICE} wei but the version costs ${DATA("30")} wei` }] });
    expect(await db.purchase.count()).toBe(0);
    expect(await db.payout.count()).toBe(0);
    const buyer = await db.user.findUnique({ where: { address: buyerWallet.account.address.toLowerCase() } });
    expect(buyer).toBeNull();
    expect(await db.auditEvent.count({ where: { action: "purchase.ignored" } })).toBe(1);
    // The cursor moved past it: it is not retried forever.
    expect(await indexPurchases(publicClient)).toEqual({ idle: "up to date" });
  });

  it("refuses a purchase with insufficient balance: no tokens move, no row, no access", async () => {
    await seedAccepted();
    const v1 = await publishedVersion();
    const before = await Promise.all([poorWallet.account.address, distributor].map((a) => dataBalanceOf(publicClient, token, a)));
    await send(poorWallet, token, dataTokenAbi, "approve", [registry, PRICE]);
    const failure = await send(poorWallet, registry, datasetRegistryAbi, "purchase", [onChainVersionId(v1.id)]).catch((e: unknown) => e);
    expect(decodeRegistryRevert(failure)?.errorName).toBe("ERC20InsufficientBalance");
    await indexPurchases(publicClient);
    expect(await Promise.all([poorWallet.account.address, distributor].map((a) => dataBalanceOf(publicClient, token, a)))).toEqual(before);
    expect(await db.purchase.count()).toBe(0);
    expect(await db.payout.count()).toBe(0);
  });

  it("cannot buy an unpublished draft: the registry does not know it, and its card is not public", async () => {
    await seedAccepted();
    const dataset = await createDataset(admin, { campaignId, name: "Sentiment", slug: "draft-only", description: "Accepted product reviews." });
    const draft = await createDraftVersion(admin, dataset.id, { filters: { minPosterior: 0, labels: [] }, priceWei: PRICE });
    const failure = await approveAndBuy(buyerWallet, token, registry, onChainVersionId(draft.id), PRICE).catch((e: unknown) => e);
    expect(decodeRegistryRevert(failure)?.errorName).toBe("UnknownVersion");
    expect(await dataBalanceOf(publicClient, token, buyerWallet.account.address)).toBe(DATA("100"));
    expect(await db.purchase.count()).toBe(0);
    await expect(getDatasetCard(draft.id, contributors[0])).rejects.toMatchObject({ code: "NOT_FOUND", status: 404 });
    expect((await getDatasetCard(draft.id, admin)).status).toBe("DRAFT");
    expect(await hasDownloadAccess(contributors[0]!, draft.id)).toBe(false);
    expect(await hasDownloadAccess(admin, draft.id)).toBe(true);
  });

  it("answers 404 for a version id that does not exist", async () => {
    await expect(getDatasetCard("no-such-version")).rejects.toMatchObject({ code: "NOT_FOUND", status: 404, message: "There is no dataset version with this id." });
    expect(await hasDownloadAccess(contributors[0]!, "no-such-version")).toBe(false);
  });
});
