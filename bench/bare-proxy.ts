/**
 * The baseline for the passthrough benchmark: the least a Node HTTP proxy can do (stream the request
 * to the back end over a keep-alive agent, stream the answer back). `bare-proxy.ts <backendPort>`;
 * prints `listening <port>` once ready.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

const backendPort = Number(process.argv[2]);
const agent = new Agent({ keepAlive: true, maxSockets: 256 });

const server = createServer((req, res) => {
  const upstream = request(
    { host: '127.0.0.1', port: backendPort, method: req.method, path: '/echo', headers: req.headers, agent },
    (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    },
  );
  upstream.on('error', () => {
    res.writeHead(502);
    res.end();
  });
  req.pipe(upstream);
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
process.on('SIGTERM', () => process.exit(0));
