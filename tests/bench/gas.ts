/**
 * Gas of RewardDistributor.payBatch against one plain DATA `transfer` transaction per recipient, on Hardhat's
 * in-process network (no node to start).
 *
 *   npx tsx tests/bench/gas.ts
 *
 * For batches of 1, 10, 100 and 500 recipients, to fresh addresses (never held DATA: the balance slot goes from zero
 * to non-zero, the costly case) and to existing holders, it sends the batch and, to another set of the same kind of
 * recipients, one transfer transaction each (each paying the 21 k base). Figures are the receipts' gasUsed;
 * per recipient = gasUsed / recipients. It then finds the largest batch one transaction can carry under the EIP-7825
 * per-transaction cap (2^24 gas, enforced by Hardhat's default hardfork, Osaka). The last line is one JSON object.
 */
import { keccak256, parseUnits, toHex, type Address, type Hex } from "viem";
import { dataTokenAbi } from "../../lib/chain/abi/DataToken";
import { deployDataToken, deployRewardDistributor } from "../../lib/chain/deploy-contracts";
import { payBatch } from "../../lib/chain/reward-distributor";
import { inProcessChain, type TestWallet } from "../contracts/in-process-chain";

const SIZES = [1, 10, 100, 500] as const;
const KINDS = ["new", "existing"] as const;
type Kind = (typeof KINDS)[number];
/** A typical reward: 1.5 DATA (8 non-zero bytes of calldata, like most real amounts). */
const AMOUNT = parseUnits("1.5", 18);
/** EIP-7825 (Osaka): no transaction may ask for more gas. Hardhat's eth_estimateGas fails long before that. */
const TX_GAS_CAP = 16_777_216n;
/** The block gas limit the requirement was written against; Hardhat 2.29's own default is read from the chain. */
const REQUIRED_BLOCK_GAS_LIMIT = 30_000_000n;
const TARGET_RATIO = 0.6;

const round = (x: number, digits = 4) => Number(x.toFixed(digits));

async function main(): Promise<void> {
  const started = performance.now();
  const chain = await inProcessChain();
  const { publicClient } = chain;
  const admin = chain.wallet(0);
  const payer = chain.wallet(1);
  const clients = { publicClient, walletClient: payer };

  const token = (await deployDataToken({ walletClient: admin, publicClient, admin: admin.account.address })).address;
  const distributor = (
    await deployRewardDistributor({ walletClient: admin, publicClient, token, admin: admin.account.address, payer: payer.account.address })
  ).address;
  // The treasury pays the batches; the admin's own balance pays the single transfers.
  await mint(distributor, parseUnits("1000000000", 18));
  await mint(admin.account.address, parseUnits("1000000000", 18));

  let counter = 0;
  /** Addresses that never held anything: 20 bytes of a hash, so calldata looks like real addresses. */
  const fresh = (count: number): Address[] =>
    Array.from({ length: count }, () => keccak256(toHex(`tessera-gas-bench-${counter++}`)).slice(0, 42) as Address);
  const batchId = (): Hex => keccak256(toHex(`tessera-gas-bench-batch-${counter++}`));

  async function mint(to: Address, amount: bigint): Promise<void> {
    const hash = await admin.writeContract({ address: token, abi: dataTokenAbi, functionName: "mint", args: [to, amount] });
    const receipt = await publicClient.waitForTransactionReceipt({ hash });
    if (receipt.status !== "success") throw new Error(`mint to ${to} reverted`);
  }

  /** One payBatch through the app's helper (simulate, write, receipt, status); the explicit gas skips the estimate. */
  async function pay(recipients: readonly Address[], amount = AMOUNT): Promise<bigint> {
    const batch = { batchId: batchId(), recipients, amounts: recipients.map(() => amount) };
    return (await payBatch(clients, distributor, batch, { gas: TX_GAS_CAP })).gasUsed;
  }

  /** Makes `recipients` existing holders (1 wei each) in batches that fit a transaction. */
  async function makeHolders(recipients: readonly Address[]): Promise<void> {
    for (let i = 0; i < recipients.length; i += 500) await pay(recipients.slice(i, i + 500), 1n);
  }

  async function recipientsOf(kind: Kind, count: number): Promise<Address[]> {
    const recipients = fresh(count);
    if (kind === "existing") await makeHolders(recipients);
    return recipients;
  }

  /** Total gasUsed of one plain `transfer` transaction per recipient, from an EOA that holds DATA. */
  async function singleTransfers(recipients: readonly Address[]): Promise<bigint> {
    let total = 0n;
    for (const to of recipients) {
      const hash = await admin.writeContract({ address: token, abi: dataTokenAbi, functionName: "transfer", args: [to, AMOUNT], gas: 100_000n });
      const receipt = await publicClient.waitForTransactionReceipt({ hash });
      if (receipt.status !== "success") throw new Error(`transfer to ${to} reverted`);
      total += receipt.gasUsed;
    }
    return total;
  }

  const figures: Record<string, number | boolean> = {};
  const singles: Record<Kind, { gas: bigint; count: number }> = { new: { gas: 0n, count: 0 }, existing: { gas: 0n, count: 0 } };
  const batchGas = new Map<string, bigint>();
  const rows: string[][] = [];

  for (const size of SIZES) {
    for (const kind of KINDS) {
      const singleGas = await singleTransfers(await recipientsOf(kind, size));
      const batch = await pay(await recipientsOf(kind, size));
      singles[kind].gas += singleGas;
      singles[kind].count += size;
      batchGas.set(`${size}-${kind}`, batch);

      const singlePer = Number(singleGas) / size;
      const batchPer = Number(batch) / size;
      figures[`batch_${size}_gas_total_${kind}`] = Number(batch);
      figures[`batch_${size}_gas_per_recipient_${kind}`] = round(batchPer, 1);
      figures[`batch_${size}_ratio_${kind}`] = round(batchPer / singlePer);
      figures[`single_${size}_gas_per_recipient_${kind}`] = round(singlePer, 1);
      rows.push([String(size), kind, singlePer.toFixed(0), String(batch), batchPer.toFixed(0), (batchPer / singlePer).toFixed(3)]);
    }
  }
  for (const kind of KINDS) figures[`single_transfer_gas_per_recipient_${kind}`] = round(Number(singles[kind].gas) / singles[kind].count, 1);
  printTable(["recipients", "to", "transfer tx gas/recipient", "batch tx gas", "batch gas/recipient", "ratio"], rows);

  // Limits: the block the requirement assumed (30 M), Hardhat's actual block, and the per-transaction cap.
  const blockGasLimit = (await publicClient.getBlock()).gasLimit;
  const capEnforced = await rejectsAboveCap(admin, token);
  const batch500 = [batchGas.get("500-new")!, batchGas.get("500-existing")!];
  figures.block_gas_limit = Number(blockGasLimit);
  figures.tx_gas_cap = Number(TX_GAS_CAP);
  figures.tx_gas_cap_enforced = capEnforced;
  figures.batch_500_fits_block = batch500.every((gas) => gas <= REQUIRED_BLOCK_GAS_LIMIT && gas <= blockGasLimit);
  figures.batch_500_fits_tx_cap = batch500.every((gas) => gas <= TX_GAS_CAP);

  // The largest batch: predicted from the marginal cost between 100 and 500 recipients, then confirmed on-chain
  // (that size succeeds with gas = cap, one more runs out of gas or is refused).
  for (const kind of KINDS) {
    const [g100, g500] = [batchGas.get(`100-${kind}`)!, batchGas.get(`500-${kind}`)!];
    const marginal = Number(g500 - g100) / 400;
    const fixed = Number(g100) - 100 * marginal;
    const predicted = Math.floor((Number(TX_GAS_CAP) - fixed) / marginal);
    const holders = kind === "existing" ? await recipientsOf("existing", predicted + 20) : [];
    const attempt = async (size: number): Promise<boolean> => {
      if (kind === "existing" && size > holders.length) throw new Error(`the prediction of ${predicted} was off by more than 20`);
      const recipients = kind === "new" ? fresh(size) : holders.slice(0, size);
      return pay(recipients).then(
        () => true,
        () => false,
      );
    };
    let max = predicted;
    while (!(await attempt(max)) && max > 1) max--;
    while (await attempt(max + 1)) max++;
    figures[`batch_max_recipients_${kind}`] = max;
    figures[`batch_fixed_gas_${kind}`] = Math.round(fixed);
    figures[`batch_marginal_gas_per_recipient_${kind}`] = round(marginal, 1);
    console.log(`largest batch to ${kind} recipients under the ${TX_GAS_CAP} cap: ${max} (predicted ${predicted}; fixed ${fixed.toFixed(0)} gas + ${marginal.toFixed(0)} per recipient)`);
  }

  const ratio100 = figures.batch_100_ratio_new as number;
  figures.target_ratio = TARGET_RATIO;
  figures.batch_100_meets_target = ratio100 <= TARGET_RATIO && (figures.batch_100_ratio_existing as number) <= TARGET_RATIO;
  console.log(
    `block gas limit ${blockGasLimit} (requirement assumed ${REQUIRED_BLOCK_GAS_LIMIT}); per-transaction cap ${TX_GAS_CAP} ` +
      `${capEnforced ? "enforced" : "NOT enforced"}; 500 recipients take ${batch500.join(" / ")} gas (new / existing) | ` +
      `target <= ${TARGET_RATIO}x at 100 recipients: ${figures.batch_100_meets_target ? "met" : "MISSED"} (${ratio100} to new holders)`,
  );
  figures.total_ms = round(performance.now() - started, 1);
  console.log(JSON.stringify(figures));
}

/** True when the chain refuses a transaction asking for one gas more than the EIP-7825 cap. */
async function rejectsAboveCap(wallet: TestWallet, token: Address): Promise<boolean> {
  return wallet
    .writeContract({ address: token, abi: dataTokenAbi, functionName: "transfer", args: [wallet.account.address, 0n], gas: TX_GAS_CAP + 1n })
    .then(
      () => false,
      () => true,
    );
}

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
}

main().catch((error: unknown) => {
  console.error(`[bench:gas] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
