/**
 * The tutorials' Hospital-Service back end (WSO2's MSF4J sample, JDK11 build) as a Node HTTP server:
 * the per-hospital resources under /{hospital}/categories and the /healthcare resources, with the
 * Java service's shared state, its Gson output and its MSF4J error answers. It also counts requests
 * per route and records every settled payment, so tests can tell whether a message was delivered.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JavaException, parseBody, toGson } from './gson';
import type { HospitalId } from './model';
import { HospitalState } from './state';

export interface HospitalServiceOptions {
  /** 9090 when omitted, as the tutorials' endpoints expect; 0 picks a free port. */
  port?: number;
  host?: string;
  /** Reproduce the older (Java 8) variant's extra fields. */
  legacy?: boolean;
}

export interface SettledPayments {
  count: number;
  /** The `appointmentNumber` of each settled request, in arrival order (duplicates show redelivery). */
  appointmentNumbers: number[];
  /** The raw request bodies, in arrival order. */
  bodies: string[];
}

export interface HospitalServiceStats {
  /** Requests per route, keyed like `POST /{hospital}/categories/{category}/reserve`; unmatched ones under `unmatched`. */
  requests: Record<string, number>;
  payments: SettledPayments;
}

export interface HospitalService {
  url: string;
  port: number;
  stats: HospitalServiceStats;
  /** The service's state, for assertions beyond the HTTP answers. */
  state: HospitalState;
  /** Resolves once `count` payments have been settled; rejects after `timeoutMs`. */
  waitForPayments(count: number, timeoutMs?: number): Promise<SettledPayments>;
  close(): Promise<void>;
}

type Params = Record<string, string>;

interface Request {
  params: Params;
  body: () => unknown;
  text: string;
}

interface Route {
  method: string;
  template: string;
  segments: string[];
  legacyOnly?: boolean;
  handle: (req: Request, service: Handlers) => object;
}

interface Handlers {
  state: HospitalState;
  onPayment(text: string, appointmentNumber: number): void;
}

const HOSPITAL_IDS = new Set(['grandoaks', 'clemency', 'pinevalley', 'willowogardens']);

/** JAX-RS converts an `int` path parameter with Integer.valueOf; a failure ends the request with 500. */
function intParam(value: string): number {
  if (!/^[+-]?\d+$/.test(value) || Number(value) > 2147483647 || Number(value) < -2147483648) {
    throw new JavaException('java.lang.NumberFormatException', `For input string: "${value}"`);
  }
  return Number(value);
}

function route(method: string, template: string, handle: Route['handle'], legacyOnly = false): Route {
  return { method, template, segments: template.split('/').filter(Boolean), handle, legacyOnly };
}

const hospitalOf = (p: Params) => p.hospital as HospitalId;

const ROUTES: Route[] = [
  route('POST', '/{hospital}/categories/{category}/reserve', (r, s) => s.state.reserve(hospitalOf(r.params), r.params.category, r.body())),
  route('GET', '/{hospital}/categories/appointments/{appointment_id}/fee', (r, s) => s.state.channelingFee(intParam(r.params.appointment_id))),
  route('POST', '/{hospital}/categories/patient/updaterecord', (r, s) => s.state.updateRecord(hospitalOf(r.params), r.body())),
  route('GET', '/{hospital}/categories/patient/{ssn}/getrecord', (r, s) => s.state.patientRecord(hospitalOf(r.params), r.params.ssn)),
  route('GET', '/{hospital}/categories/patient/appointment/{appointment_id}/discount', (r, s) =>
    s.state.discountEligibility(intParam(r.params.appointment_id)),
  ),
  route('POST', '/{hospital}/categories/admin/doctor/newdoctor', (r, s) => s.state.addDoctor(hospitalOf(r.params), r.body())),
  route('GET', '/{hospital}/categories/appointments/{appointment_id}', (r, s) => s.state.appointment(intParam(r.params.appointment_id)), true),
  route('GET', '/healthcare/{category}', (r, s) => s.state.doctorsByCategory(r.params.category)),
  route('GET', '/healthcare/appointments/{appointment_id}', (r, s) => s.state.healthcareAppointment(intParam(r.params.appointment_id))),
  route('GET', '/healthcare/appointments/validity/{appointment_id}', (r, s) => s.state.appointmentValidity(intParam(r.params.appointment_id))),
  route('DELETE', '/healthcare/appointments/{appointment_id}', (r, s) => s.state.removeAppointment(intParam(r.params.appointment_id))),
  route('POST', '/healthcare/payments', (r, s) => {
    const { json, payment } = s.state.settlePayment(r.body());
    if (payment) s.onPayment(r.text, (r.body() as { appointmentNumber: number }).appointmentNumber);
    return json;
  }),
  route('GET', '/healthcare/payments', (_r, s) => s.state.allPayments()),
  route('GET', '/healthcare/payments/payment/{payment_id}', (r, s) => s.state.payment(r.params.payment_id)),
  route('POST', '/healthcare/admin/newdoctor', (r, s) => s.state.addHealthcareDoctor(r.body())),
];

/** PineValley's admin resource lives one level up: /pinevalley/categories/admin/newdoctor. */
const PINE_VALLEY_ADMIN = route('POST', '/{hospital}/categories/admin/newdoctor', (r, s) => s.state.addDoctor(hospitalOf(r.params), r.body()));

function matchSegments(segments: string[], path: string[]): Params | undefined {
  if (segments.length !== path.length) return undefined;
  const params: Params = {};
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i];
    if (s.startsWith('{')) params[s.slice(1, -1)] = path[i];
    else if (s !== path[i]) return undefined;
  }
  return params;
}

/** How many leading literal segments a route has: JAX-RS prefers the more literal template. */
function literalScore(r: Route): number[] {
  return r.segments.map((s) => (s.startsWith('{') ? 0 : 1));
}

function compareScore(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (b[i] ?? 0) - (a[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

const ORDERED = [...ROUTES, PINE_VALLEY_ADMIN].sort((a, b) => compareScore(literalScore(a), literalScore(b)));

interface Match {
  route: Route;
  params: Params;
}

function findRoute(method: string, pathname: string, legacy: boolean): Match | 'method' | undefined {
  let path: string[];
  try {
    path = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    return undefined;
  }
  let wrongMethod = false;
  for (const r of ORDERED) {
    if (r.legacyOnly && !legacy) continue;
    const params = matchSegments(r.segments, path);
    if (!params) continue;
    if (params.hospital !== undefined) {
      if (!HOSPITAL_IDS.has(params.hospital)) continue;
      const pineAdmin = r === PINE_VALLEY_ADMIN;
      if (pineAdmin !== (params.hospital === 'pinevalley') && r.template.includes('/admin/')) continue;
    }
    if (r.method !== method) {
      wrongMethod = true;
      continue;
    }
    return { route: r, params };
  }
  return wrongMethod ? 'method' : undefined;
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  const bytes = Buffer.from(body, 'utf8');
  res.writeHead(status, { 'Content-Type': contentType, 'Content-Length': bytes.length });
  res.end(bytes);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts the Hospital-Service; every call has its own state, as a fresh JVM would. */
export async function createHospitalService(options: HospitalServiceOptions = {}): Promise<HospitalService> {
  const legacy = options.legacy ?? false;
  const host = options.host ?? '127.0.0.1';
  const state = new HospitalState({ legacy });
  const stats: HospitalServiceStats = { requests: {}, payments: { count: 0, appointmentNumbers: [], bodies: [] } };
  let waiters: Array<{ count: number; resolve: () => void }> = [];
  const handlers: Handlers = {
    state,
    onPayment(text, appointmentNumber) {
      stats.payments.count++;
      stats.payments.appointmentNumbers.push(Number(appointmentNumber));
      stats.payments.bodies.push(text);
      waiters = waiters.filter((w) => (stats.payments.count >= w.count ? (w.resolve(), false) : true));
    },
  };

  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET';
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    let text: string;
    try {
      text = await readBody(req);
    } catch {
      res.destroy();
      return;
    }
    const match = findRoute(method, pathname, legacy);
    const key = typeof match === 'object' ? `${match.route.method} ${match.route.template}` : 'unmatched';
    stats.requests[key] = (stats.requests[key] ?? 0) + 1;
    if (match === undefined) return send(res, 404, 'text/plain', '404 Not Found');
    if (match === 'method') return send(res, 405, 'text/plain', '405 Method Not Allowed');
    let parsed: { value: unknown } | undefined;
    const request: Request = {
      params: match.params,
      text,
      body: () => (parsed ??= { value: parseBody(text) }).value,
    };
    try {
      send(res, 200, 'application/json', toGson(match.route.handle(request, handlers)));
    } catch (err) {
      // MSF4J answers an unmapped exception with 500 and the exception's message as plain text.
      const message = err instanceof JavaException ? err.javaMessage : String((err as Error).message);
      send(res, 500, 'text/plain', `Exception occurred :${message}`);
    }
  });
  server.keepAliveTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 9090, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}`,
    port,
    stats,
    state,
    waitForPayments(count, timeoutMs = 10_000) {
      if (stats.payments.count >= count) return Promise.resolve(stats.payments);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          reject(new Error(`only ${stats.payments.count} of ${count} payments settled within ${timeoutMs} ms`));
        }, timeoutMs);
        const waiter = { count, resolve: () => (clearTimeout(timer), resolve(stats.payments)) };
        waiters.push(waiter);
      });
    },
    close() {
      return new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
