// Integration and smoke tests take free ports at run time (tests/support/free-port.ts); the e2e suite needs its ports
// when Playwright reads its config, so they are fixed, away from a running `npm start` (8545/3000).
// INTEGRATION.appUrl is only the SIWE domain the integration tests sign for; nothing listens there.
export const INTEGRATION = { appUrl: "http://localhost:3999" } as const;
// E2E_APP_PORT / E2E_RPC_PORT move them, e.g. to run two e2e suites side by side.
export const E2E = { rpcPort: Number(process.env.E2E_RPC_PORT ?? 8548), appPort: Number(process.env.E2E_APP_PORT ?? 3100) } as const;
