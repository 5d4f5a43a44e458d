"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

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

export function SiteNav({ roles }: { roles: string[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Main" className="flex flex-1 flex-wrap items-center gap-x-6 gap-y-1 text-sm">
      {SECTIONS.filter((s) => s.visible(roles)).map((section) => (
        <div key={section.label} className="flex items-center gap-2">
          <span className="text-xs font-semibold uppercase tracking-wide text-slate-400">{section.label}</span>
          {section.links.map((link) => {
            const active = pathname === link.href || pathname.startsWith(`${link.href}/`);
            return (
              <Link
                key={link.href}
                href={link.href}
                aria-current={active ? "page" : undefined}
                className={active ? "font-medium text-brand-700" : "text-slate-700 hover:text-brand-600"}
              >
                {link.label}
              </Link>
            );
          })}
        </div>
      ))}
    </nav>
  );
}
