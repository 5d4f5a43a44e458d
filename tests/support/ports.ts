// Fixed loopback ports per test suite, so that suites never meet each other or a running `npm start` (8545/3000).
export const INTEGRATION = { rpcPort: 8546, appUrl: "http://localhost:3999" } as const;
export const SMOKE = { rpcPort: 8547, appPort: 3101 } as const;
export const E2E = { rpcPort: 8548, appPort: 3100 } as const;
