import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of the worker that can lose responses: the request reaches the worker
 * and is answered (so whatever it wrote is committed), then the proxy cuts the client's connection
 * instead of passing the answer on — what a dropped Wi-Fi or a closed laptop does to a save.
 */
export interface LossyProxy {
  baseUrl: string;
  /** Requests matching this lose their response (the next `count` of them). */
  loseNext(count: number, match: (method: string, path: string) => boolean): void;
  lost: { method: string; path: string; status: number }[];
  passed: { method: string; path: string; status: number; headers: Record<string, string> }[];
  close(): Promise<void>;
}

const HOP_BY_HOP = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

function body(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startLossyProxy(upstream: string): Promise<LossyProxy> {
  let toLose = 0;
  let matcher: (method: string, path: string) => boolean = () => false;
  const lost: LossyProxy['lost'] = [];
  const passed: LossyProxy['passed'] = [];
  const server: Server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const path = req.url ?? '/';
    try {
      const payload = await body(req);
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers))
        if (typeof v === 'string' && !HOP_BY_HOP.has(k)) headers[k] = v;
      const answer = await fetch(`${upstream}${path}`, {
        method,
        headers,
        ...(payload.length > 0 ? { body: new Uint8Array(payload) } : {}),
      });
      const bytes = Buffer.from(await answer.arrayBuffer());
      if (toLose > 0 && matcher(method, path)) {
        toLose--;
        lost.push({ method, path, status: answer.status });
        req.socket.destroy();
        return;
      }
      const out: Record<string, string> = {};
      answer.headers.forEach((v, k) => {
        if (!HOP_BY_HOP.has(k) && k !== 'content-encoding') out[k] = v;
      });
      passed.push({ method, path, status: answer.status, headers: out });
      res.writeHead(answer.status, out);
      res.end(bytes);
    } catch {
      req.socket.destroy();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    loseNext(count, match) {
      toLose = count;
      matcher = match;
    },
    lost,
    passed,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
