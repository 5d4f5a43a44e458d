import { describe, expect, it, vi } from "vitest";
import { createCrashHook } from "@/lib/jobs/crash-hook";

describe("createCrashHook", () => {
  // It prints "crash point signed:2 reached" on the real stdout (a synchronous write, so it survives the kill).
  it("kills on the n-th time the configured step is reached, and only then", () => {
    const kill = vi.fn();
    const crash = createCrashHook({ step: "signed", count: 2 }, kill);
    crash("signed");
    crash("broadcast");
    expect(kill).not.toHaveBeenCalled();
    crash("signed");
    expect(kill).toHaveBeenCalledTimes(1);
    crash("signed");
    expect(kill).toHaveBeenCalledTimes(1);
  });

  it("does nothing without a configured step", () => {
    const kill = vi.fn();
    const crash = createCrashHook(null, kill);
    crash("signed");
    expect(kill).not.toHaveBeenCalled();
  });
});
