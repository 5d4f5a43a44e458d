import { NextRequest } from "next/server";
import { privateKeyToAccount, generatePrivateKey, type PrivateKeyAccount } from "viem/accounts";
import { createSiweMessage } from "viem/siwe";
import { beforeEach, describe, expect, it } from "vitest";
import { GET as nonceRoute } from "@/app/api/auth/nonce/route";
import { GET as sessionRoute } from "@/app/api/auth/session/route";
import { POST as signOutRoute } from "@/app/api/auth/signout/route";
import { POST as verifyRoute } from "@/app/api/auth/verify/route";
import { issueNonce } from "@/lib/server/auth/issue-nonce";
import { purgeExpiredAuth } from "@/lib/server/auth/purge-expired";
import { userFromSessionToken } from "@/lib/server/auth/session";
import { sha256Hex } from "@/lib/server/auth/tokens";
import { db } from "@/lib/server/db";
import { resetDb } from "../support/db-reset";
import { INTEGRATION } from "../support/ports";

const domain = new URL(INTEGRATION.appUrl).host;
const alice = privateKeyToAccount(generatePrivateKey());
const mallory = privateKeyToAccount(generatePrivateKey());

function nonceRequest(client = "203.0.113.1"): Request {
  return new Request(`${INTEGRATION.appUrl}/api/auth/nonce`, { headers: { "x-forwarded-for": client } });
}

async function freshNonce(): Promise<string> {
  const response = await nonceRoute(nonceRequest());
  expect(response.status).toBe(200);
  return ((await response.json()) as { nonce: string }).nonce;
}

function message(fields: { address?: `0x${string}`; nonce: string; domain?: string; chainId?: number; issuedAt?: Date; uri?: string }): string {
  return createSiweMessage({
    domain: fields.domain ?? domain,
    address: fields.address ?? alice.address,
    statement: "Sign in to Tessera.",
    uri: fields.uri ?? INTEGRATION.appUrl,
    version: "1",
    chainId: fields.chainId ?? 31337,
    nonce: fields.nonce,
    issuedAt: fields.issuedAt ?? new Date(),
  });
}

async function verify(body: unknown): Promise<Response> {
  return verifyRoute(
    new Request(`${INTEGRATION.appUrl}/api/auth/verify`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: typeof body === "string" ? body : JSON.stringify(body),
    }),
  );
}

async function signed(text: string, signer: PrivateKeyAccount = alice) {
  return { message: text, signature: await signer.signMessage({ message: text }) };
}

async function errorOf(response: Response): Promise<{ code: string; message: string }> {
  return ((await response.json()) as { error: { code: string; message: string } }).error;
}

beforeEach(resetDb);

describe("SIWE sign-in", () => {
  it("issues single-use alphanumeric nonces of at least 8 characters that expire in 10 minutes", async () => {
    const response = await nonceRoute(nonceRequest());
    const body = (await response.json()) as { nonce: string; expiresAt: string };
    expect(body.nonce).toMatch(/^[A-Za-z0-9]{8,}$/);
    const minutes = (new Date(body.expiresAt).getTime() - Date.now()) / 60_000;
    expect(minutes).toBeGreaterThan(9.9);
    expect(minutes).toBeLessThanOrEqual(10);
    expect(await freshNonce()).not.toBe(body.nonce);
  });

  it("throttles nonce requests per client address: over the limit is 429 and writes no row; other clients still get one", async () => {
    for (let i = 0; i < 30; i++) expect((await nonceRoute(nonceRequest("203.0.113.7"))).status).toBe(200);
    expect(await db.authNonce.count()).toBe(30);
    const over = await nonceRoute(nonceRequest("203.0.113.7"));
    expect(over.status).toBe(429);
    expect(over.headers.get("retry-after")).not.toBeNull();
    expect((await errorOf(over)).code).toBe("RATE_LIMITED");
    expect(await db.authNonce.count()).toBe(30);
    expect((await nonceRoute(nonceRequest("203.0.113.8"))).status).toBe(200);
  });

  it("purges expired nonces and ended sessions, and keeps live ones", async () => {
    const now = new Date();
    const stale = await issueNonce({ client: "test", now: new Date(now.getTime() - 11 * 60_000) });
    const live = await issueNonce({ client: "test", now });
    const user = await db.user.create({ data: { address: `0x${"cd".repeat(20)}` } });
    const session = (tokenHash: string, expiresAt: Date, revokedAt: Date | null = null) =>
      db.session.create({ data: { tokenHash, userId: user.id, chainId: 31337, expiresAt, revokedAt } });
    await session("expired", new Date(now.getTime() - 1));
    await session("revoked", new Date(now.getTime() + 3_600_000), now);
    await session("live", new Date(now.getTime() + 3_600_000));
    expect(await purgeExpiredAuth(now)).toMatchObject({ nonces: 1, sessions: 2 });
    expect((await db.authNonce.findMany()).map((n) => n.value)).toEqual([live.nonce]);
    expect(stale.nonce).not.toBe(live.nonce);
    expect((await db.session.findMany()).map((s) => s.tokenHash)).toEqual(["live"]);
  });

  it("opens a session behind an httpOnly SameSite cookie, and signs out", async () => {
    const response = await verify(await signed(message({ nonce: await freshNonce() })));
    expect(response.status).toBe(200);
    const cookie = response.headers.get("set-cookie") ?? "";
    expect(cookie).toMatch(/^tessera_session=[\w-]{20,};/);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=lax/i);
    const token = /tessera_session=([^;]+)/.exec(cookie)?.[1] ?? "";
    const body = (await response.json()) as { user: { address: string; roles: string[] } };
    expect(body.user.address).toBe(alice.address.toLowerCase());
    expect(body.user.roles).toEqual([]);
    expect(await db.session.count()).toBe(1);
    const stored = await db.session.findFirstOrThrow();
    expect(stored.tokenHash).not.toBe(token);

    const withCookie = () => new NextRequest(`${INTEGRATION.appUrl}/api/auth/session`, { headers: { cookie: `tessera_session=${token}` } });
    expect((await sessionRoute(withCookie())).status).toBe(200);
    const out = await signOutRoute(new NextRequest(`${INTEGRATION.appUrl}/api/auth/signout`, { method: "POST", headers: { cookie: `tessera_session=${token}` } }));
    expect(out.status).toBe(200);
    expect(out.headers.get("set-cookie")).toMatch(/tessera_session=;/);
    expect((await sessionRoute(withCookie())).status).toBe(401);
  });

  it("grants the admin role to configured admin addresses only", async () => {
    // APP_URL is the integration one; ADMIN_ADDRESSES defaults to Hardhat account #0 on the dev chain.
    const admin = privateKeyToAccount("0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    const response = await verify(await signed(message({ address: admin.address, nonce: await freshNonce() }), admin));
    expect(((await response.json()) as { user: { roles: string[] } }).user.roles).toEqual(["ADMIN"]);
  });

  type BadCase = { name: string; status: number; error: RegExp; request: () => Promise<unknown> };
  const badCases: BadCase[] = [
    {
      name: "a reused nonce",
      status: 401,
      error: /already been used/,
      request: async () => {
        const body = await signed(message({ nonce: await freshNonce() }));
        expect((await verify(body)).status).toBe(200);
        await db.session.deleteMany(); // only the replay is under test
        return body;
      },
    },
    {
      name: "an expired nonce",
      status: 401,
      error: /expired/,
      request: async () => {
        const { nonce } = await issueNonce({ client: "test", now: new Date(Date.now() - 11 * 60_000) });
        return signed(message({ nonce }));
      },
    },
    { name: "a nonce the server never issued", status: 401, error: /not issued/, request: async () => signed(message({ nonce: "abcdEFGH12345678" })) },
    { name: "a message for another domain", status: 401, error: /evil\.example/, request: async () => signed(message({ nonce: await freshNonce(), domain: "evil.example" })) },
    {
      name: "a message issued 30 days ago",
      status: 401,
      error: /issued .* ago|too old/,
      request: async () => signed(message({ nonce: await freshNonce(), issuedAt: new Date(Date.now() - 30 * 24 * 3_600_000) })),
    },
    {
      name: "a message issued 10 minutes in the future",
      status: 401,
      error: /future/,
      request: async () => signed(message({ nonce: await freshNonce(), issuedAt: new Date(Date.now() + 10 * 60_000) })),
    },
    { name: "a uri of another origin", status: 401, error: /evil\.example/, request: async () => signed(message({ nonce: await freshNonce(), uri: "https://evil.example/login" })) },
    { name: "a uri of another port", status: 401, error: /localhost:4001/, request: async () => signed(message({ nonce: await freshNonce(), uri: "http://localhost:4001/" })) },
    { name: "another chain id", status: 401, error: /chain 1\b/, request: async () => signed(message({ nonce: await freshNonce(), chainId: 1 })) },
    {
      name: "a signature by another address",
      status: 401,
      error: /does not match/,
      request: async () => signed(message({ nonce: await freshNonce(), address: alice.address }), mallory),
    },
    { name: "a malformed message", status: 400, error: /not a valid Sign-In with Ethereum message/, request: async () => signed("please let me in") },
    { name: "a malformed signature", status: 400, error: /signature/, request: async () => ({ message: message({ nonce: await freshNonce() }), signature: "0x1234" }) },
    { name: "a body that is not JSON", status: 400, error: /JSON/, request: async () => "{not json" },
    { name: "a body without a signature", status: 400, error: /SIWE message and its signature/, request: async () => ({ message: "x" }) },
  ];

  it.each(badCases)("rejects $name with $status and creates no session", async ({ status, error, request }) => {
    const body = await request();
    const response = await verify(body);
    expect(response.status).toBe(status);
    expect((await errorOf(response)).message).toMatch(error);
    expect(response.headers.get("set-cookie")).toBeNull();
    expect(await db.session.count()).toBe(0);
  });

  it("rejects a request without a cookie, or with an unknown one, with 401", async () => {
    const none = await sessionRoute(new NextRequest(`${INTEGRATION.appUrl}/api/auth/session`));
    expect(none.status).toBe(401);
    expect((await errorOf(none)).code).toBe("UNAUTHENTICATED");
    const forged = await sessionRoute(new NextRequest(`${INTEGRATION.appUrl}/api/auth/session`, { headers: { cookie: "tessera_session=forged" } }));
    expect(forged.status).toBe(401);
  });

  it("finds a session's user with their granted roles, until the session expires or is revoked", async () => {
    const user = await db.user.create({ data: { address: `0x${"ab".repeat(20)}`, displayName: "Rev" } });
    await db.roleGrant.create({ data: { userId: user.id, role: "REVIEWER" } });
    const now = new Date("2026-06-01T12:00:00Z");
    await db.session.create({ data: { tokenHash: sha256Hex("live"), userId: user.id, chainId: 31337, expiresAt: new Date(now.getTime() + 1000) } });
    await db.session.create({ data: { tokenHash: sha256Hex("expired"), userId: user.id, chainId: 31337, expiresAt: now } });
    await db.session.create({ data: { tokenHash: sha256Hex("revoked"), userId: user.id, chainId: 31337, expiresAt: new Date(now.getTime() + 1000), revokedAt: now } });
    expect(await userFromSessionToken("live", now)).toEqual({ id: user.id, address: user.address, displayName: "Rev", roles: ["REVIEWER"] });
    expect(await userFromSessionToken("expired", now)).toBeNull();
    expect(await userFromSessionToken("revoked", now)).toBeNull();
    expect(await userFromSessionToken("unknown", now)).toBeNull();
  });
});
