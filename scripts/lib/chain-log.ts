// What `npm start` shows of the Hardhat node's output. The node logs every RPC method it serves, most with a block of
// details (the caller, the contract, gas, the block); the app and the worker poll, so that would be most of the log.
// Expected traffic is dropped; a block that holds anything else (a revert, an error, a warning) is shown whole, so
// real failures stay visible with their context.

const stripAnsi = (line: string) => line.replace(/\x1b\[[0-9;]*m/g, "");

/** A method line: `eth_call`, `eth_getLogs (3)` (Hardhat counts repeats). */
const METHOD = /^\s*(eth|net|web3|evm|hardhat|debug|txpool|personal)_\w+(\s+\(\d+\))?\s*$/;
/** The fields Hardhat prints for every call, transaction and deployment. */
const DETAIL = /^\s+(Contract call|Contract deployment|Contract address|Transaction|From|To|Value|Gas used|Block #\d+):/;
/** Hardhat's well-known accounts and keys: printed at every start, and the README says which wallets to use. */
const ACCOUNT = /^(Account #\d+|Private Key:)/;
/** viem asks for eth_fillTransaction before filling a transaction itself; Hardhat's refusal is expected. */
const FILL_TRANSACTION = /eth_fillTransaction - Method not supported/;

/** Returns a stateful filter: feed it the node's lines in order, print what it returns. */
export function chainLogFilter(): (line: string) => string[] {
  let block: string[] = [];
  let shown = false;
  return (raw) => {
    const line = stripAnsi(raw);
    if (line.trim() === "" || ACCOUNT.test(line) || FILL_TRANSACTION.test(line)) return [];
    if (METHOD.test(line)) {
      block = [raw];
      shown = false;
      return [];
    }
    if (block.length > 0 && DETAIL.test(line)) {
      if (shown) return [raw];
      block.push(raw);
      return [];
    }
    if (block.length > 0 && !shown) {
      shown = true;
      return [...block, raw];
    }
    return [raw];
  };
}
