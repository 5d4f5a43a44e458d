// CPU time of the app server process, so the upload figure can be read apart from how busy the machine is: on a
// shared 2-core box, wall-clock samples/s mostly measures the other tenants, while samples per CPU-second of the
// server is what the code costs. Linux only (reads /proc); null where that is not available.
import { readdirSync, readFileSync, readlinkSync } from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times: 100 on every Linux this runs on (sysconf(_SC_CLK_TCK)). */
const CLOCK_TICKS_PER_S = 100;

/** The process listening on this TCP port (found through its socket's inode), or null. */
export function pidListeningOn(port: number): number | null {
  const hexPort = port.toString(16).toUpperCase().padStart(4, "0");
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    let lines: string[] = [];
    try {
      lines = readFileSync(table, "utf8").split("\n").slice(1);
    } catch {
      continue;
    }
    for (const line of lines) {
      const fields = line.trim().split(/\s+/);
      // local_address is fields[1] ("ADDR:PORT"), st is fields[3] (0A = LISTEN), inode is fields[9].
      if (fields.length > 9 && fields[1]!.endsWith(`:${hexPort}`) && fields[3] === "0A") inodes.add(`socket:[${fields[9]}]`);
    }
  }
  if (inodes.size === 0) return null;
  for (const pid of readdirSync("/proc").filter((name) => /^\d+$/.test(name))) {
    let fds: string[] = [];
    try {
      fds = readdirSync(`/proc/${pid}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      try {
        if (inodes.has(readlinkSync(`/proc/${pid}/fd/${fd}`))) return Number(pid);
      } catch {
        // The descriptor closed meanwhile.
      }
    }
  }
  return null;
}

/** User + system CPU seconds the process has used so far, or null if it cannot be read. */
export function cpuSecondsOf(pid: number): number | null {
  return cpuSecondsFrom(`/proc/${pid}/stat`);
}

/**
 * The same for the process's main thread alone (its thread id is the pid): the event loop that parses, looks up and
 * writes every request, apart from the worker threads that check texts. It bounds the throughput on its own.
 */
export function mainThreadCpuSecondsOf(pid: number): number | null {
  return cpuSecondsFrom(`/proc/${pid}/task/${pid}/stat`);
}

function cpuSecondsFrom(statFile: string): number | null {
  try {
    const stat = readFileSync(statFile, "utf8");
    // The command name (field 2) may contain spaces; fields after its closing parenthesis start at field 3.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_S;
  } catch {
    return null;
  }
}
