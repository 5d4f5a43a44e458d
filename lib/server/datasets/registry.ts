import "server-only";
import type { Address } from "viem";
import { AppError } from "@/lib/errors";
import { findDeployment } from "@/lib/server/deployments";

/** The recorded DatasetRegistry; UNAVAILABLE (503) before the deploy step ran. */
export async function requireRegistry(): Promise<Address> {
  const registry = await findDeployment("DatasetRegistry");
  if (!registry) throw new AppError("UNAVAILABLE", "The dataset registry is not deployed on this chain yet: run npm run deploy.");
  return registry.address;
}
