// The header configuration behind tests/e2e/security.spec.ts, checked without a browser: a quick failure when a
// header or a directive is dropped. The e2e spec remains the proof that pages still hydrate under the policy.
import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import nextConfig from "@/next.config";
import { config as proxyConfig, contentSecurityPolicy, proxy } from "@/proxy";

const directives = (policy: string) => new Map(policy.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe("Content-Security-Policy of pages (proxy.ts)", () => {
  it("lets only this response's nonce and what it loads run, and forbids framing, plugins and foreign forms", () => {
    const policy = directives(contentSecurityPolicy("abc123", { dev: false, https: false }));
    expect(policy.get("script-src")).toEqual(["'self'", "'nonce-abc123'", "'strict-dynamic'"]);
    expect(policy.get("default-src")).toEqual(["'self'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("object-src")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'self'"]);
    expect(policy.get("form-action")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.has("upgrade-insecure-requests")).toBe(false);
  });

  it("allows eval only in development, and upgrades requests only over https", () => {
    expect(directives(contentSecurityPolicy("n", { dev: true, https: false })).get("script-src")).toContain("'unsafe-eval'");
    expect(directives(contentSecurityPolicy("n", { dev: false, https: true })).has("upgrade-insecure-requests")).toBe(true);
  });

  it("puts a fresh nonce on every response and hands the same one to the page render", () => {
    const nonces = [0, 1].map(() => {
      const response = proxy(new NextRequest("http://localhost:3000/campaigns"));
      const policy = response.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
      expect(nonce).toBeTruthy();
      // NextResponse.next passes the rewritten request headers on as x-middleware-request-*.
      expect(response.headers.get("x-middleware-request-x-nonce")).toBe(nonce);
      expect(response.headers.get("x-middleware-request-content-security-policy")).toBe(policy);
      return nonce;
    });
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("runs on pages, not on API routes or build assets", () => {
    const source = (proxyConfig.matcher[0] as { source: string }).source;
    const matches = (pathname: string) => new RegExp(`^${source}$`).test(pathname);
    expect(matches("/admin/users")).toBe(true);
    expect(matches("/")).toBe(true);
    expect(matches("/api/rpc")).toBe(false);
    expect(matches("/_next/static/chunks/app.js")).toBe(false);
  });
});

describe("headers on every response (next.config.ts)", () => {
  it("forbids framing and sniffing and trims referrers everywhere, and gives API responses a deny-all policy", async () => {
    const rules = await nextConfig.headers!();
    const all = rules.find((r) => r.source === "/:path*");
    expect(Object.fromEntries(all!.headers.map((h) => [h.key, h.value]))).toEqual({
      "X-Frame-Options": "DENY",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
    });
    const api = rules.find((r) => r.source === "/api/:path*");
    const policy = directives(api!.headers.find((h) => h.key === "Content-Security-Policy")!.value);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.has("sandbox")).toBe(true);
  });

  it("turns on forbidden()/unauthorized(), which the admin layout answers 403/401 with", () => {
    expect(nextConfig.experimental?.authInterrupts).toBe(true);
    expect(nextConfig.poweredByHeader).toBe(false);
  });
});
