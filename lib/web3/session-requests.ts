// The app's session endpoints as the browser calls them. No wallet code here: signing out must not load the wallet
// stack, and signing in loads it only at the moment someone picks a wallet.

async function jsonOrError(response: Response): Promise<unknown> {
  const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `Request failed with status ${response.status}`);
  return body;
}

export async function fetchSignInNonce(): Promise<string> {
  const { nonce } = (await jsonOrError(await fetch("/api/auth/nonce", { cache: "no-store" }))) as { nonce: string };
  return nonce;
}

export async function verifySignIn(message: string, signature: string): Promise<void> {
  await jsonOrError(
    await fetch("/api/auth/verify", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ message, signature }),
    }),
  );
}

export async function signOutRequest(): Promise<void> {
  await jsonOrError(await fetch("/api/auth/signout", { method: "POST" }));
}
