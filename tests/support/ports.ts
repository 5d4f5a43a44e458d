// Integration and smoke tests take free ports at run time (tests/support/free-port.ts); the e2e suite needs its ports
// when Playwright reads its config, so they are fixed, away from a running `npm start` (8545/3000).
// INTEGRATION.appUrl is only the SIWE domain the integration tests sign for; nothing listens there.
export const INTEGRATION = { appUrl: "http://localhost:3999" } as const;
export const E2E = { rpcPort: 8548, appPort: 3100 } as const;
