"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState } from "react";

type Section = { label: string; links: { href: string; label: string }[]; visible: (roles: string[]) => boolean };

const SECTIONS: Section[] = [
  {
    label: "Contribute",
    visible: () => true,
    links: [
      { href: "/campaigns", label: "Campaigns" },
      { href: "/submissions", label: "My submissions" },
      { href: "/earnings", label: "Earnings" },
    ],
  },
  // Everyone: a campaign's quiz makes a reviewer without the global role, and the queue page leads to the quizzes.
  { label: "Review", visible: () => true, links: [{ href: "/review", label: "Review queue" }] },
  {
    label: "Market",
    visible: () => true,
    links: [
      { href: "/datasets", label: "Datasets" },
      { href: "/purchases", label: "Purchases" },
    ],
  },
  {
    label: "Admin",
    visible: (r) => r.includes("ADMIN"),
    links: [
      { href: "/admin/users", label: "Users" },
      { href: "/admin/campaigns", label: "Campaigns" },
      { href: "/admin/datasets", label: "Datasets" },
      { href: "/admin/payouts", label: "Payouts" },
      { href: "/admin/escalated", label: "Escalated" },
    ],
  },
];

const isActive = (pathname: string, href: string) => pathname === href || pathname.startsWith(`${href}/`);

function NavLink({ href, label, pathname, className }: { href: string; label: string; pathname: string; className: string }) {
  const active = isActive(pathname, href);
  return (
    <Link href={href} aria-current={active ? "page" : undefined} className={`${className} ${active ? "font-medium text-brand-700" : "text-slate-700 hover:text-brand-600"}`}>
      {label}
    </Link>
  );
}

/**
 * The main navigation: one row of sections on wide screens; below the `lg` breakpoint a Menu button that opens the
 * same links as a panel, so that the header never forces a page wider than a phone.
 */
export function SiteNav({ roles }: { roles: string[] }) {
  const pathname = usePathname();
  const sections = SECTIONS.filter((s) => s.visible(roles));
  const [open, setOpen] = useState(false);
  const [openedAt, setOpenedAt] = useState(pathname);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  // Following a link closes the panel (adjusted while rendering, as React advises, rather than in an effect).
  if (open && openedAt !== pathname) setOpen(false);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [open]);

  return (
    <>
      <nav aria-label="Main" className="hidden flex-1 flex-wrap items-center gap-x-6 gap-y-1 text-sm lg:flex">
        {sections.map((section) => (
          <div key={section.label} className="flex items-center gap-2">
            <span className="text-xs font-semibold uppercase tracking-wide text-slate-500">{section.label}</span>
            {section.links.map((link) => (
              <NavLink key={link.href} {...link} pathname={pathname} className="" />
            ))}
          </div>
        ))}
      </nav>
      <div className="flex-1 lg:hidden">
        <button
          ref={button}
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => {
            setOpenedAt(pathname);
            setOpen((v) => !v);
          }}
          className="flex items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100"
        >
          <svg aria-hidden viewBox="0 0 20 20" className="h-4 w-4" fill="currentColor">
            {open ? (
              <path d="M5.3 4 10 8.6 14.7 4 16 5.3 11.4 10l4.6 4.7-1.3 1.3-4.7-4.6L5.3 16 4 14.7 8.6 10 4 5.3z" />
            ) : (
              <path d="M3 5h14v2H3zm0 4h14v2H3zm0 4h14v2H3z" />
            )}
          </svg>
          Menu
        </button>
        {open && (
          <nav id={panelId} aria-label="Main" className="absolute inset-x-0 top-full z-30 border-b border-slate-200 bg-white px-4 pb-4 shadow-lg">
            {sections.map((section) => (
              <div key={section.label} className="border-t border-slate-100 py-2 first:border-t-0">
                <div className="py-1 text-xs font-semibold uppercase tracking-wide text-slate-500">{section.label}</div>
                <ul>
                  {section.links.map((link) => (
                    <li key={link.href}>
                      <NavLink {...link} pathname={pathname} className="block rounded-md px-2 py-2 hover:bg-slate-50" />
                    </li>
                  ))}
                </ul>
              </div>
            ))}
          </nav>
        )}
      </div>
    </>
  );
}
