import { BaseError, UserRejectedRequestError } from "viem";

/** A sentence for people, never a stack: the decoded reason or viem's short message. */
export function describeWalletError(error: unknown): string {
  if (error instanceof BaseError) {
    if (error.walk((e) => e instanceof UserRejectedRequestError)) return "You rejected the request in your wallet.";
    return error.shortMessage;
  }
  if (error && typeof error === "object" && "code" in error && (error as { code: unknown }).code === 4001) {
    return "You rejected the request in your wallet.";
  }
  if (error instanceof Error) {
    if (/provider not found|no provider|ProviderNotFound/i.test(error.message)) {
      return "No browser wallet was found. Install MetaMask, or use a dev wallet on the local chain.";
    }
    return error.message;
  }
  return "Something went wrong with the wallet.";
}
