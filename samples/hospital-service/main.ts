/**
 * `node dist/hospital-service.js [--port 9090] [--host 127.0.0.1] [--legacy]`: runs the tutorials'
 * Hospital-Service back end until interrupted.
 */
import { parseArgs } from 'node:util';
import { createHospitalService } from './hospital-service';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string', default: '9090' },
      host: { type: 'string', default: '127.0.0.1' },
      legacy: { type: 'boolean', default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, not "${values.port}"`);
    process.exit(2);
  }
  const service = await createHospitalService({ port, host: values.host, legacy: values.legacy });
  console.log(`Hospital-Service${values.legacy ? ' (legacy)' : ''} listening on ${service.url}`);
  const stop = () => void service.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
