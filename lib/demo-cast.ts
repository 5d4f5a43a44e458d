// The demo cast: who each well-known Hardhat account plays in the seeded local demo. Used by the seed and by the
// dev wallet picker, so that the picker can say "Ada (contributor)" instead of a bare address.

/** Hardhat's default mnemonic: public, funds nothing outside the local dev chain. */
export const HARDHAT_MNEMONIC = "test test test test test test test test test test test junk";

export type DemoRole = "admin" | "reviewer" | "contributor" | "buyer";

/** `address` is what HARDHAT_MNEMONIC derives at m/44'/60'/0'/0/index (a unit test checks it); kept literal because
 * deriving it costs a PBKDF2 run per account, too slow to do on every render in the browser. */
export type DemoPerson = { index: number; name: string; role: DemoRole; address: `0x${string}` };

export const DEMO_CAST: readonly DemoPerson[] = [
  { index: 0, name: "Grace", role: "admin" , address: "0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266" },
  { index: 1, name: "Rosalind", role: "reviewer" , address: "0x70997970C51812dc3A010C7d01b50e0d17dc79C8" },
  { index: 2, name: "Alan", role: "reviewer" , address: "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC" },
  { index: 3, name: "Barbara", role: "reviewer" , address: "0x90F79bf6EB2c4f870365E785982E1f101E93b906" },
  { index: 4, name: "Ada", role: "contributor" , address: "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65" },
  { index: 5, name: "Linus", role: "contributor" , address: "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc" },
  { index: 6, name: "Margaret", role: "contributor" , address: "0x976EA74026E726554dB657fA54763abd0C3a0aa9" },
  { index: 7, name: "Claude", role: "buyer" , address: "0x14dC79964da2C08b23698B3D3cc7Ca32193d9955" },
];
