import "server-only";
import { getAddress, isHex, verifyMessage, type Hex } from "viem";
import { parseSiweMessage, validateSiweMessage } from "viem/siwe";
import { getEnv } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { retryOnBusy } from "@/lib/server/busy-retry";
import { db } from "@/lib/server/db";
import { effectiveRoles, type SessionUser } from "./roles";
import { newSessionToken, sha256Hex } from "./tokens";

/** How far a wallet's clock may run ahead of the server's. */
const CLOCK_SKEW_MS = 2 * 60_000;

export type SignInInput = { message: string; signature: string };
export type SignInResult = { token: string; expiresAt: Date; user: SessionUser };

/**
 * Verifies an EIP-4361 message and its signature and opens a session. Checks run cheapest first; the nonce is
 * burnt by any attempt that gets as far as naming it, so a captured message can never be replayed.
 */
export async function signIn(input: SignInInput, now = new Date()): Promise<SignInResult> {
  const env = getEnv();
  const fields = parseSiweMessage(input.message);
  if (!fields.address || !fields.domain || !fields.nonce || !fields.uri || !fields.version || fields.chainId === undefined) {
    throw new AppError("BAD_REQUEST", "That is not a valid Sign-In with Ethereum message.");
  }
  if (!isHex(input.signature) || input.signature.length < 132) {
    throw new AppError("BAD_REQUEST", "The signature must be a 65-byte hex string.");
  }
  if (fields.domain !== env.appDomain) {
    throw new AppError("UNAUTHENTICATED", `This sign-in request is for ${fields.domain}, not ${env.appDomain}.`);
  }
  const uriOrigin = originOf(fields.uri);
  const appOrigin = new URL(env.appUrl).origin;
  if (uriOrigin !== appOrigin) {
    throw new AppError("UNAUTHENTICATED", `This sign-in request is for ${uriOrigin ?? fields.uri}, not ${appOrigin}.`);
  }
  assertFreshlyIssued(fields.issuedAt, now, env.nonceTtlMinutes);
  if (fields.chainId !== env.chainId) {
    throw new AppError("UNAUTHENTICATED", `Wrong network: the message names chain ${fields.chainId}, Tessera runs on chain ${env.chainId}.`);
  }
  if (!validateSiweMessage({ message: fields, domain: env.appDomain, time: now })) {
    throw new AppError("UNAUTHENTICATED", "This sign-in message has expired or is not valid yet.");
  }

  const consumed = await db.authNonce.updateMany({
    where: { value: fields.nonce, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
  });
  if (consumed.count !== 1) {
    const known = await db.authNonce.findUnique({ where: { value: fields.nonce }, select: { usedAt: true } });
    const why = !known ? "was not issued by this server" : known.usedAt ? "has already been used" : "has expired";
    throw new AppError("UNAUTHENTICATED", `The sign-in nonce ${why}. Please sign in again.`);
  }

  const address = getAddress(fields.address);
  const valid = await verifyMessage({ address, message: input.message, signature: input.signature as Hex }).catch(() => false);
  if (!valid) {
    throw new AppError("UNAUTHENTICATED", "The signature does not match the address in the message.");
  }

  const token = newSessionToken();
  const expiresAt = new Date(now.getTime() + env.sessionTtlHours * 3_600_000);
  const user = await retryOnBusy(() => db.$transaction(async (tx) => {
    const row = await tx.user.upsert({
      where: { address: address.toLowerCase() },
      create: { address: address.toLowerCase() },
      update: {},
      select: { id: true, address: true, displayName: true, roles: { select: { role: true } } },
    });
    await tx.session.create({ data: { tokenHash: sha256Hex(token), userId: row.id, chainId: env.chainId, expiresAt } });
    return row;
  }));
  return {
    token,
    expiresAt,
    user: {
      id: user.id,
      address: user.address,
      displayName: user.displayName,
      roles: effectiveRoles(user.address, user.roles.map((r) => r.role)),
    },
  };
}

function originOf(uri: string): string | null {
  try {
    return new URL(uri).origin;
  } catch {
    return null;
  }
}

/**
 * A message must be signed for this sign-in: issued no earlier than a nonce can live, and not in the future beyond
 * clock skew. Its nonce already bounds replays; this also refuses messages a wallet was tricked into back- or
 * post-dating.
 */
function assertFreshlyIssued(issuedAt: Date | undefined, now: Date, nonceTtlMinutes: number): void {
  if (!issuedAt || Number.isNaN(issuedAt.getTime())) {
    throw new AppError("BAD_REQUEST", "The sign-in message must say when it was issued.");
  }
  const age = now.getTime() - issuedAt.getTime();
  if (age < -CLOCK_SKEW_MS) {
    throw new AppError("UNAUTHENTICATED", "This sign-in message is dated in the future. Check your device's clock and sign in again.");
  }
  if (age > nonceTtlMinutes * 60_000 + CLOCK_SKEW_MS) {
    throw new AppError("UNAUTHENTICATED", `This sign-in message was issued ${Math.round(age / 60_000)} minutes ago. Please sign in again.`);
  }
}
