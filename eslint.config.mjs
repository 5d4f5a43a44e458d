import next from "eslint-config-next/core-web-vitals";
import nextTs from "eslint-config-next/typescript";

const config = [
  ...next,
  ...nextTs,
  { ignores: [".tessera/**", "data/**", "lib/generated/**", "lib/chain/abi/**", ".next/**", ".next-*/**", "artifacts/**", "cache/**", "test-results/**", "playwright-report/**", "next-env.d.ts"] },
  { files: ["**/*.cjs"], rules: { "@typescript-eslint/no-require-imports": "off" } },
  {
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
];

export default config;
