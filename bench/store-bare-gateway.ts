/**
 * The baseline for store-throughput.ts: the least a Node HTTP → RabbitMQ gateway can do while still
 * promising what Conduit promises — answer 200 only once the broker has confirmed the persistent
 * message. `store-bare-gateway.ts <amqp-url> <queue>`; prints `listening <port>` once ready.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'amqplib';

async function main(): Promise<void> {
  const [url, queue] = process.argv.slice(2);
  const conn = await connect(url!, { noDelay: true });
  const ch = await conn.createConfirmChannel();
  await ch.assertQueue(queue!, { durable: true });
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      ch.sendToQueue(queue!, body, { persistent: true, contentType: 'application/json' }, (err) => {
        if (err) {
          res.writeHead(500);
          res.end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
        res.end(body);
      });
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => {
    server.close();
    conn.close().finally(() => process.exit(0));
  });
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
