// Same-site request forgery: a page on another port of the same host is same-site, so the SameSite=Lax session
// cookie rides along with its POSTs. Every cookie-authenticated state-changing route handler must refuse it.
import { NextRequest } from "next/server";
import { beforeEach, describe, expect, it } from "vitest";
import { POST as uploadRoute } from "@/app/api/campaigns/[id]/samples/route";
import { POST as signOutRoute } from "@/app/api/auth/signout/route";
import { POST as verifyRoute } from "@/app/api/auth/verify/route";
import { createApiKey } from "@/lib/server/api-keys/api-keys";
import { userFromSessionToken } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { makeCampaign } from "../support/campaigns";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";
import { userWithSession, type TestUser } from "../support/sessions";

const APP = INTEGRATION.appUrl;
const OTHER_PORT = `${new URL(APP).protocol}//${new URL(APP).hostname}:4001`;

function manifest(): FormData {
  const body = new FormData();
  body.append("manifest", JSON.stringify({ text: "A perfectly ordinary review of a perfectly ordinary product.", labels: "positive" }));
  return body;
}

function post(url: string, headers: Record<string, string>, body?: BodyInit): NextRequest {
  return new NextRequest(url, { method: "POST", headers, body });
}

const token = (user: TestUser) => user.cookie.split("=")[1]!;

let victim: TestUser;
beforeEach(async () => {
  await resetDb();
  victim = await userWithSession({ name: "Victim" });
});

describe("cross-origin requests with the victim's cookie", () => {
  const foreignHeaders: { name: string; headers: Record<string, string> }[] = [
    { name: "Origin of another port", headers: { origin: OTHER_PORT, "sec-fetch-site": "same-site" } },
    { name: "Origin of another scheme", headers: { origin: APP.replace("http:", "https:") } },
    { name: "an opaque Origin", headers: { origin: "null" } },
    { name: "no Origin but Sec-Fetch-Site: same-site", headers: { "sec-fetch-site": "same-site" } },
    { name: "no Origin but Sec-Fetch-Site: cross-site", headers: { "sec-fetch-site": "cross-site" } },
  ];

  it.each(foreignHeaders)("refuses an upload with $name: 403, no sample written", async ({ headers }) => {
    const campaign = await makeCampaign();
    const response = await uploadRoute(post(`${APP}/api/campaigns/${campaign.id}/samples`, { ...headers, cookie: victim.cookie }, manifest()), {
      params: Promise.resolve({ id: campaign.id }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/another site/);
    expect(await db.sample.count()).toBe(0);
  });

  it.each(foreignHeaders)("refuses a sign-out with $name: 403, the session stays open", async ({ headers }) => {
    const response = await signOutRoute(post(`${APP}/api/auth/signout`, { ...headers, cookie: victim.cookie }));
    expect(response.status).toBe(403);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await userFromSessionToken(token(victim))).not.toBeNull();
  });

  it("refuses a sign-in posted from another origin (login CSRF) before reading it", async () => {
    const response = await verifyRoute(post(`${APP}/api/auth/verify`, { origin: OTHER_PORT, "content-type": "application/json" }, JSON.stringify({ message: "x", signature: "0x" })));
    expect(response.status).toBe(403);
    expect(await db.session.count()).toBe(1);
  });
});

describe("legitimate requests still pass", () => {
  it("an upload and a sign-out from the app's own origin", async () => {
    const campaign = await makeCampaign();
    const upload = await uploadRoute(post(`${APP}/api/campaigns/${campaign.id}/samples`, { origin: APP, "sec-fetch-site": "same-origin", cookie: victim.cookie }, manifest()), {
      params: Promise.resolve({ id: campaign.id }),
    });
    expect(upload.status).toBe(201);
    expect(await db.sample.count()).toBe(1);
    const out = await signOutRoute(post(`${APP}/api/auth/signout`, { origin: APP, cookie: victim.cookie }));
    expect(out.status).toBe(200);
    expect(await userFromSessionToken(token(victim))).toBeNull();
  });

  it("an upload with a Bearer API key and no Origin (curl, scripts)", async () => {
    const campaign = await makeCampaign();
    const { key } = await createApiKey({ id: victim.id, address: victim.address, displayName: null, roles: [] }, { name: "script", scopes: ["upload"] });
    const response = await uploadRoute(post(`${APP}/api/campaigns/${campaign.id}/samples`, { authorization: `Bearer ${key}` }, manifest()), {
      params: Promise.resolve({ id: campaign.id }),
    });
    expect(response.status).toBe(201);
  });
});
