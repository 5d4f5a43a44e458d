import "server-only";
import path from "node:path";
import { getEnv } from "@/lib/env";
import { LocalDiskStorage } from "./local-disk-storage";
import type { StorageProvider } from "./storage-provider";

let storage: StorageProvider | undefined;

/** The configured blob store. Callers depend on StorageProvider only, so another adapter slots in here. */
export function defaultStorage(): StorageProvider {
  storage ??= new LocalDiskStorage(path.resolve(getEnv().blobDir));
  return storage;
}
