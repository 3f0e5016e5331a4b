/**
 * The baseline for drain.ts: the least a Node amqplib consumer that forwards over HTTP can do while
 * keeping Conduit's promise — one message at a time (prefetch 1), acknowledged only after the back end
 * answered 2xx. `drain-bare-consumer.ts <amqp-url> <queue> <sink-port>`; `POST /start` begins consuming,
 * `POST /stop` cancels; prints `listening <port>` once ready.
 */
import { Agent, createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect, type ConsumeMessage } from 'amqplib';

async function main(): Promise<void> {
  const [url, queue, sinkPort] = process.argv.slice(2);
  const conn = await connect(url!, { noDelay: true });
  const ch = await conn.createChannel();
  await ch.assertQueue(queue!, { durable: true });
  await ch.prefetch(1);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  let tag: string | undefined;

  const forward = (msg: ConsumeMessage) => {
    const req = request(
      { host: '127.0.0.1', port: Number(sinkPort), method: 'POST', path: '/sink', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': msg.content.length } },
      (res) => {
        res.resume();
        res.on('end', () => {
          const ok = res.statusCode !== undefined && res.statusCode >= 200 && res.statusCode < 300;
          if (ok) ch.ack(msg);
          else ch.nack(msg, false, true);
        });
      },
    );
    req.on('error', () => ch.nack(msg, false, true));
    req.end(msg.content);
  };

  const control = createServer(async (req, res) => {
    req.resume();
    if (req.url === '/start' && !tag) tag = (await ch.consume(queue!, (m) => m && forward(m), { noAck: false })).consumerTag;
    else if (req.url === '/stop' && tag) {
      await ch.cancel(tag);
      tag = undefined;
    }
    res.end();
  });
  control.listen(0, '127.0.0.1', () => console.log(`listening ${(control.address() as AddressInfo).port}`));
  process.on('SIGTERM', () => {
    control.close();
    conn.close().finally(() => process.exit(0));
  });
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
