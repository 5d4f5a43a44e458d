import type { Metadata, Viewport } from "next";
import Link from "next/link";
import type { ReactNode } from "react";
import { getAddress } from "viem";
import "./globals.css";
import { getEnv } from "@/lib/env";
import { currentUser } from "@/lib/server/auth/session";
import { findDeployment } from "@/lib/server/deployments";
import { ChainConfigProvider } from "./_components/chain-config-provider";
import { SiteNav } from "./_components/site-nav";
import { WalletMenu } from "./_components/wallet-menu";

const description = "Labeled training data with open, measurable quality control, paid in DATA.";

// Icons, the web manifest and the social preview image live in public/. Link previews need absolute URLs, hence the
// app's own URL as the base.
export function generateMetadata(): Metadata {
  return {
    metadataBase: new URL(getEnv().appUrl),
    title: { default: "Tessera", template: "%s · Tessera" },
    description,
    applicationName: "Tessera",
    icons: {
      icon: [
        { url: "/favicon.ico", sizes: "48x48" },
        { url: "/icon.svg", type: "image/svg+xml" },
      ],
      apple: { url: "/apple-touch-icon.png", sizes: "180x180" },
    },
    manifest: "/manifest.webmanifest",
    openGraph: {
      type: "website",
      siteName: "Tessera",
      title: "Tessera",
      description,
      images: [{ url: "/og-image.png", width: 1200, height: 630, alt: "Tessera: labeled training data, paid in DATA" }],
    },
    twitter: { card: "summary_large_image", title: "Tessera", description, images: ["/og-image.png"] },
  };
}

export const viewport: Viewport = { themeColor: "#22459b" };

// Every page depends on the session cookie.
export const dynamic = "force-dynamic";

export default async function RootLayout({ children }: { children: ReactNode }) {
  const env = getEnv();
  const [user, token] = await Promise.all([currentUser(), findDeployment("DataToken").catch(() => null)]);
  const chainConfig = { chainId: env.chainId, tokenAddress: token?.address ?? null, devWalletEnabled: env.isDevChain };
  return (
    <html lang="en">
      <body className="min-h-screen">
        {/* No wallet providers here: the wallet stack loads only with the panels that act with the wallet, and at sign-in. */}
        <ChainConfigProvider value={chainConfig}>
          <a href="#main" className="sr-only focus:not-sr-only focus:absolute focus:left-2 focus:top-2 focus:z-50 focus:rounded-md focus:bg-white focus:px-3 focus:py-2 focus:shadow">
            Skip to content
          </a>
          <header className="relative border-b border-slate-200 bg-white">
            <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3 lg:gap-6">
              <Link href="/" className="text-lg font-semibold tracking-tight text-brand-700">
                Tessera
              </Link>
              <SiteNav roles={user?.roles ?? []} />
              <WalletMenu user={user ? { address: getAddress(user.address), displayName: user.displayName, roles: user.roles } : null} />
            </div>
          </header>
          <main id="main" className="mx-auto max-w-6xl px-4 py-6 sm:py-8">
            {children}
          </main>
        </ChainConfigProvider>
      </body>
    </html>
  );
}
