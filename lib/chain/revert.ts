// Decoding a contract call's revert into its custom error, shared by the contracts' helpers.
import { BaseError, ContractFunctionRevertedError, decodeErrorResult, type Abi } from "viem";

export type DecodedRevert = { errorName: string; args: readonly unknown[] };

/**
 * The custom error a call reverted with, decoded by viem or else against `abis` in order (a contract's own errors,
 * then those of the token it calls, which bubble up), or null for anything that is not a revert with data.
 */
export function decodeRevert(error: unknown, abis: readonly Abi[]): DecodedRevert | null {
  if (!(error instanceof BaseError)) return null;
  const reverted = error.walk((e) => e instanceof ContractFunctionRevertedError);
  if (!(reverted instanceof ContractFunctionRevertedError)) return null;
  if (reverted.data) return { errorName: reverted.data.errorName, args: reverted.data.args ?? [] };
  if (!reverted.raw) return null;
  for (const abi of abis) {
    try {
      const decoded = decodeErrorResult({ abi, data: reverted.raw });
      return { errorName: decoded.errorName, args: decoded.args ?? [] };
    } catch {
      // Not this ABI's error: try the next.
    }
  }
  return null;
}
