// An HTTP JSON-RPC proxy in front of the Hardhat node that answers the way a sick RPC provider does: every request
// forwarded ("forward"), answered with a JSON-RPC error ("error": the server is up but fails, as a provider under load
// does), or held open without an answer ("hang": the client's timeout is all it gets). Unlike a closed port
// (tcp-proxy.ts), the connection succeeds in both fault modes.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export type RpcFaultMode = "forward" | "error" | "hang";
export type RpcFaultProxy = {
  url: string;
  setMode: (mode: RpcFaultMode) => void;
  /** Requests answered with an error or left hanging since the proxy started. */
  faults: () => number;
  close: () => Promise<void>;
};

type RpcCall = { id?: unknown };

export async function startRpcFaultProxy(targetUrl: string): Promise<RpcFaultProxy> {
  let mode: RpcFaultMode = "forward";
  let faults = 0;
  const hanging = new Set<ServerResponse>();

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString();
      if (mode === "hang") {
        faults++;
        hanging.add(res);
        res.on("close", () => hanging.delete(res));
        return;
      }
      if (mode === "error") {
        faults++;
        const parsed = JSON.parse(body) as RpcCall | RpcCall[];
        const answer = (call: RpcCall) => ({ jsonrpc: "2.0", id: call.id ?? null, error: { code: -32603, message: "Internal error: upstream unavailable (injected by the test)" } });
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify(Array.isArray(parsed) ? parsed.map(answer) : answer(parsed)));
        return;
      }
      fetch(targetUrl, { method: "POST", headers: { "content-type": "application/json" }, body })
        .then(async (upstream) => {
          res.writeHead(upstream.status, { "content-type": upstream.headers.get("content-type") ?? "application/json" });
          res.end(await upstream.text());
        })
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    setMode: (next) => {
      mode = next;
      // Leaving "hang": what was held is dropped, as a provider's load balancer eventually does.
      if (next !== "hang") for (const res of hanging) res.destroy();
    },
    faults: () => faults,
    close: () =>
      new Promise<void>((resolve) => {
        for (const res of hanging) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
