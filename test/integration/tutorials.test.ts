/**
 * The WSO2 tutorial projects 1–4, unmodified, answer the tutorials' curl requests against the real
 * hospital back end. Their endpoints name http://localhost:9090; the runtime's endpointOverrides
 * option points that at the back end's ephemeral port.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '../../src/model/project';
import { MemoryLogger } from '../../src/runtime/logger';
import { createRuntime, type Runtime } from '../../src/runtime/runtime';
import { createHospitalService, type HospitalService } from '../../samples/hospital-service/hospital-service';
import { referenceProject, type TUTORIALS } from '../helpers/reference';
import RESERVATION from '../../samples/healthcare/reservation.json';


/** Tutorial 2's request: the AppointmentRequest shape with the patient nested. */
const ROUTED_RESERVATION = {
  patient: { name: 'John Doe', dob: '1940-03-19', ssn: '234-23-525', address: 'California', phone: '8770586755', email: 'johndoe@gmail.com' },
  doctor: 'thomas collins',
  hospital: 'grand oak community hospital',
  appointment_date: '2025-04-02',
};

describe('tutorial projects against the hospital back end', () => {
  let hospital: HospitalService;
  before(async () => {
    hospital = await createHospitalService({ port: 0 });
  });
  after(async () => hospital.close());

  async function withTutorial(t: import('node:test').TestContext, n: keyof typeof TUTORIALS, body: (rt: Runtime, logger: MemoryLogger) => Promise<void>) {
    const dir = referenceProject(t, n);
    if (!dir) return;
    const logger = new MemoryLogger();
    // Tutorial 5's RabbitMQ store is served by the embedded store in a temporary folder.
    const dataDir = await mkdtemp(join(tmpdir(), 'conduit-tutorial-'));
    const rt = createRuntime({ logger, port: 0, endpointOverrides: { 'http://localhost:9090': hospital.url }, embeddedBroker: true, dataDir });
    try {
      const report = await rt.deploy(await loadProject(dir));
      assert.deepEqual(report.failed, [], logger.lines().join('\n'));
      await body(rt, logger);
    } finally {
      await rt.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
  }

  test('1: GET /healthcare/querydoctor/surgery lists the surgeons through send and outSequence', async (t) => {
    await withTutorial(t, 1, async (rt, logger) => {
      const res = await rt.inject({ url: '/healthcare/querydoctor/surgery' });
      assert.equal(res.status, 200);
      const doctors = res.json();
      assert.ok(Array.isArray(doctors));
      assert.deepEqual(
        doctors.map((d: { name: string }) => d.name),
        ['thomas collins', 'anne clement', 'seth mears'],
      );
      assert.ok(logger.records.some((r) => r.category === 'LogMediator' && r.message === '{api:HealthcareAPI} Log Property message = "Welcome to HealthcareService"'));
    });
  });

  test('2: reserving with grand oak routes by hospital and returns the appointment', async (t) => {
    await withTutorial(t, 2, async (rt, logger) => {
      const res = await rt.inject({ method: 'POST', url: '/healthcare/categories/surgery/reserve', body: ROUTED_RESERVATION });
      assert.equal(res.status, 200, res.text);
      const a = res.json();
      assert.equal(typeof a.appointmentNumber, 'number');
      assert.equal(a.doctor.name, 'thomas collins');
      assert.equal(a.patient.name, 'John Doe');
      assert.equal(a.fee, 7000.0);
      assert.equal(a.confirmed, false);
      assert.ok(logger.records.some((r) => r.message.includes('Routing to grand oak community hospital')));
    });
  });

  test('3: the data mapper turns the flat request into the hospital request', async (t) => {
    await withTutorial(t, 3, async (rt) => {
      const res = await rt.inject({ method: 'POST', url: '/healthcare/categories/surgery/reserve', body: RESERVATION });
      assert.equal(res.status, 200, res.text);
      const a = res.json();
      assert.equal(a.doctor.name, 'thomas collins');
      assert.equal(a.patient.ssn, '234-23-525');
      assert.equal(a.confirmed, false);
    });
  });

  test('4: the orchestration reserves, asks the fee and settles the payment', async (t) => {
    await withTutorial(t, 4, async (rt) => {
      const before = hospital.stats.payments.count;
      const res = await rt.inject({ method: 'POST', url: '/healthcare/categories/surgery/reserve', body: RESERVATION });
      assert.equal(res.status, 200, res.text);
      const p = res.json();
      assert.equal(p.patient, 'John Doe');
      assert.equal(p.actualFee, 7000.0);
      assert.equal(p.status, 'Settled');
      assert.match(p.paymentID, /^[0-9a-f-]{36}$/);
      assert.equal(hospital.stats.payments.count, before + 1);
    });
  });

  test('5: store and forward answers at once; the sampling processor settles the stored payment', async (t) => {
    await withTutorial(t, 5, async (rt, logger) => {
      const before = hospital.stats.payments.count;
      const res = await rt.inject({ method: 'POST', url: '/healthcare/categories/surgery/reserve', body: RESERVATION });
      assert.equal(res.status, 200, res.text);
      assert.deepEqual(res.json(), { message: ' Payment request successfully submitted. Payment confirmation will be sent via email .' });
      await hospital.waitForPayments(before + 1, 10_000);
      const settled = await logger.waitFor((r) => r.category === 'LogMediator' && r.message.includes('"status":"Settled"'));
      assert.match(settled.message, /Payload: \{"patient":"John Doe","actualFee":7000\.0,/);
    });
  });

  test('unknown hospital: the default case responds with the current payload', async (t) => {
    await withTutorial(t, 4, async (rt, logger) => {
      const res = await rt.inject({ method: 'POST', url: '/healthcare/categories/surgery/reserve', body: { ...RESERVATION, hospital: 'nowhere' } });
      assert.equal(res.status, 200);
      assert.equal(res.json().hospital, 'nowhere');
      assert.ok(logger.records.some((r) => r.message.includes('Invalid hospital - nowhere')));
    });
  });
});
