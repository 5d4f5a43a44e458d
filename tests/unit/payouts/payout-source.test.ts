import { describe, expect, it } from "vitest";
import { payoutLink, type Sale } from "@/lib/domain/payouts/payout-source";

const sales = new Map<string, Sale>([["pur1", { versionId: "ver1", version: { version: "v2", dataset: { name: "Reviews" } } }]]);

describe("payoutLink", () => {
  it.each([
    ["sample.accepted", "smp1", { href: "/samples/smp1", label: "sample smp1" }],
    ["review.agreed", "smp2", { href: null, label: "your review of sample smp2" }],
    ["dataset.revenue", "pur1", { href: "/datasets/ver1", label: "sale of Reviews v2" }],
    ["dataset.revenue", "unknown-purchase", null],
    ["something.else", "x", null],
  ])("%s of %s", (reason, subject, expected) => {
    expect(payoutLink(reason, subject, sales)).toEqual(expected);
  });
});
