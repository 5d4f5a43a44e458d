// Publishing what the admin confirmed (issue 17, item 9): the confirmation shows the version's number, size and Merkle
// root from the preview, and publishing refuses a selection that changed since, leaving the draft as it was.
import { parseUnits } from "viem";
import { beforeEach, expect, it } from "vitest";
import { createTesseraPublicClient } from "@/lib/chain/clients";
import { onChainVersionId, readRegistryVersion } from "@/lib/chain/dataset-registry";
import type { SessionUser } from "@/lib/server/auth/session";
import { createDataset } from "@/lib/server/datasets/create-dataset";
import { previewVersion } from "@/lib/server/datasets/preview-version";
import { publishVersion } from "@/lib/server/datasets/publish-version";
import { requireRegistry } from "@/lib/server/datasets/registry";
import { createDraftVersion } from "@/lib/server/datasets/save-draft-version";
import { db } from "@/lib/server/db";
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { makeCampaign } from "../support/campaigns";
import { acceptedSample } from "../support/datasets";
import { resetDb } from "../support/db-reset";
import { rpc } from "../support/payouts/payout-fixtures";
import { sessionUser } from "../support/reviews";

const publicClient = createTesseraPublicClient();
let admin: SessionUser;
let contributor: SessionUser;

beforeEach(async () => {
  await resetDb();
  await rpc(publicClient, "hardhat_reset");
  await ensureDeployments();
  admin = await sessionUser({ roles: ["ADMIN"] });
  contributor = await sessionUser();
});

it("publishes the confirmed root, and refuses one the selection no longer has", async () => {
  const campaignId = (await makeCampaign()).id;
  for (let i = 0; i < 2; i++) await acceptedSample(campaignId, contributor.id);
  const dataset = await createDataset(admin, { campaignId, name: "Confirmed", slug: "confirmed", description: "Accepted product reviews." });
  const draft = await createDraftVersion(admin, dataset.id, { filters: { minPosterior: 0, labels: [] }, priceWei: parseUnits("2", 18) });

  const seen = await previewVersion(admin, draft.id);
  expect(seen).toMatchObject({ version: "v1", stats: { sampleCount: 2 } });
  expect(seen.merkleRoot).toMatch(/^0x[0-9a-f]{64}$/);

  // Accepted after the admin looked: the root they confirmed is not the one publishing would freeze.
  await acceptedSample(campaignId, contributor.id);
  await expect(publishVersion(admin, draft.id, { expectedRoot: seen.merkleRoot! })).rejects.toMatchObject({ code: "CONFLICT", status: 409 });
  expect(await db.datasetVersion.findUniqueOrThrow({ where: { id: draft.id }, select: { status: true, merkleRoot: true } })).toEqual({ status: "DRAFT", merkleRoot: null });
  expect(await db.datasetVersionSample.count({ where: { versionId: draft.id } })).toBe(0);
  expect(await readRegistryVersion(publicClient, await requireRegistry(), onChainVersionId(draft.id))).toBeNull();

  const now = await previewVersion(admin, draft.id);
  expect(now.stats.sampleCount).toBe(3);
  const published = await publishVersion(admin, draft.id, { expectedRoot: now.merkleRoot! });
  expect(published).toMatchObject({ version: "v1", sampleCount: 3, merkleRoot: now.merkleRoot });
});
