// Deploys the contracts if the configured chain does not have them yet (idempotent; see ensure-deployment.ts).
import { ensureDeployments } from "@/lib/server/ensure-deployment";
import { db } from "@/lib/server/db";

ensureDeployments()
  .then((outcomes) => {
    for (const d of outcomes) console.log(`[deploy] ${d.name} ${d.reused ? "already deployed" : "deployed"} at ${d.address}`);
  })
  .catch((error) => {
    console.error("[deploy] failed:", error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : error);
    process.exitCode = 1;
  })
  .finally(() => db.$disconnect());
