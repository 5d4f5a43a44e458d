// Hardhat 2 configuration. CommonJS because package.json says "type": "module" and Hardhat 2 loads its config with
// require(); no ts-node, so this stays plain JavaScript.
const { subtask } = require("hardhat/config");
const { TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD } = require("hardhat/builtin-tasks/task-names");

// The compiler comes from the npm package `solc` (solc-js), never from a download: these machines are offline, and
// pinning it in package-lock.json makes every clone compile with the very same compiler.
const SOLC_VERSION = require("solc/package.json").version;

subtask(TASK_COMPILE_SOLIDITY_GET_SOLC_BUILD, async ({ solcVersion }) => {
  if (solcVersion !== SOLC_VERSION) {
    throw new Error(
      `Hardhat asks for solc ${solcVersion}, but the installed npm package "solc" is ${SOLC_VERSION}. ` +
        `Compilation is offline: make solidity.version in hardhat.config.cjs equal the "solc" version in package.json.`,
    );
  }
  return {
    compilerPath: require.resolve("solc/soljson.js"),
    isSolcJs: true,
    version: solcVersion,
    longVersion: require("solc").version(),
  };
});

/** @type {import("hardhat/config").HardhatUserConfig} */
module.exports = {
  solidity: {
    // Pinned here and in package.json ("solc": "0.8.30"); the subtask above refuses any mismatch.
    version: "0.8.30",
    settings: {
      optimizer: { enabled: true, runs: 200 },
      // OpenZeppelin 5.x uses mcopy, so Cancun is the floor. Hardhat 2 would otherwise default to "paris".
      evmVersion: "cancun",
    },
  },
  paths: {
    sources: "./contracts",
    artifacts: "./artifacts",
    cache: "./cache",
  },
  defaultNetwork: "hardhat",
  networks: {
    hardhat: { chainId: 31337 },
    localhost: { url: "http://127.0.0.1:8545", chainId: 31337 },
  },
};
