import "server-only";
import { AppError } from "@/lib/errors";
import type { SessionUser } from "@/lib/server/auth/session";
import { statement } from "@/lib/server/sqlite-direct";

/**
 * The campaign a route names, by its id or by its URL name (slug): the one resolver every API route goes through,
 * so that a campaign's visible URL name works wherever its id does. Drafts do not exist for anyone but admins, as on
 * the campaign pages. Should an admin ever pick a slug that spells another campaign's id, the id wins.
 */
export async function resolveCampaignRef(ref: string, viewer: SessionUser | null): Promise<string> {
  const row = statement(`SELECT "id", "status" FROM "Campaign" WHERE "id" = ? OR "slug" = ? ORDER BY ("id" = ?) DESC LIMIT 1`).get(ref, ref, ref) as { id: string; status: string } | undefined;
  if (!row || (row.status === "DRAFT" && !viewer?.roles.includes("ADMIN"))) {
    throw new AppError("NOT_FOUND", `There is no campaign '${ref.slice(0, 64)}' (give its id or its URL name).`);
  }
  return row.id;
}
