import type { NextConfig } from "next";

// Sent with every response, pages and API alike. The pages' Content-Security-Policy carries a per-request nonce and
// comes from proxy.ts; API responses (JSON, uploaded blobs, downloads) are never meant to run or be framed.
const SECURITY_HEADERS = [
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
];

const nextConfig: NextConfig = {
  // better-sqlite3 is a native addon: load it from node_modules at run time instead of bundling it.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  typescript: { ignoreBuildErrors: true }, // `npm run typecheck` is the single type gate; the build does not repeat it
  experimental: {
    // forbidden() and unauthorized() from next/navigation: admin pages answer 403/401 instead of a 200 explanation.
    authInterrupts: true,
    // The stylesheet goes into the page as a <style> element: it is small, and a render-blocking request for it would
    // hold the first paint back by a round trip on a phone's network.
    inlineCss: true,
  },
  async headers() {
    return [
      { source: "/:path*", headers: SECURITY_HEADERS },
      { source: "/api/:path*", headers: [{ key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'; sandbox" }] },
    ];
  },
};

export default nextConfig;
