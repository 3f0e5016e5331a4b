import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { javaDoubleToString, toGson, dbl } from '../../samples/hospital-service/gson';
import { createHospitalService, type HospitalService } from '../../samples/hospital-service/hospital-service';

const PATIENT = {
  name: 'John Doe',
  dob: '1940-03-19',
  ssn: '234-23-525',
  address: 'California',
  phone: '8770586755',
  email: 'johndoe@gmail.com',
};
const PATIENT_JSON =
  '{"name":"John Doe","dob":"1940-03-19","ssn":"234-23-525","address":"California","phone":"8770586755","email":"johndoe@gmail.com"}';
const THOMAS_COLLINS =
  '{"name":"thomas collins","hospital":"grand oak community hospital","category":"surgery","availability":"9.00 a.m - 11.00 a.m","fee":7000.0}';

interface Reply {
  status: number;
  type: string | null;
  text: string;
}

async function call(s: HospitalService, method: string, path: string, body?: unknown): Promise<Reply> {
  const res = await fetch(s.url + path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

/** The request the tutorials' data mapper produces. */
function reservation(doctor: string, hospital: string, patient: object = PATIENT) {
  return { patient, doctor, hospital, appointment_date: '2025-04-02' };
}

/** The body the store-and-forward tutorial's payloadFactory builds. */
function settlement(appointmentNumber: number | string, patient: object = PATIENT, doctorName = 'thomas collins'): string {
  const doctor = THOMAS_COLLINS.replace('thomas collins', doctorName);
  return `{"appointmentNumber":${appointmentNumber}, "doctor":${doctor}, "patient":${JSON.stringify(patient)}, "fee":7000.0, "confirmed":"false", "card_number":"7844481124110331"}`;
}

async function withService<T>(fn: (s: HospitalService) => Promise<T>, legacy = false): Promise<T> {
  const s = await createHospitalService({ port: 0, legacy });
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}

describe('Gson-like output', () => {
  test('doubles print as Double.toString, ints without a fraction', () => {
    assert.equal(javaDoubleToString(7000), '7000.0');
    assert.equal(javaDoubleToString(5600.5), '5600.5');
    assert.equal(javaDoubleToString(0), '0.0');
    assert.equal(javaDoubleToString(1e7), '1.0E7');
    assert.equal(javaDoubleToString(12345678.9), '1.23456789E7');
    assert.equal(javaDoubleToString(0.0001), '1.0E-4');
    assert.equal(toGson({ a: 1, b: dbl(1), c: undefined, d: null }), '{"a":1,"b":1.0}');
  });

  test('strings are escaped HTML-safe, as new Gson() does', () => {
    assert.equal(toGson({ s: `a<b>&c='d'"\n` }), '{"s":"a\\u003cb\\u003e\\u0026c\\u003d\\u0027d\\u0027\\"\\n"}');
  });
});

describe('tutorial requests (JDK11 variant)', () => {
  let s: HospitalService;
  before(async () => {
    s = await createHospitalService({ port: 0 });
  });
  after(() => s.close());

  test('tutorial 1: GET /healthcare/surgery lists the surgeons of every hospital', async () => {
    const r = await call(s, 'GET', '/healthcare/surgery');
    assert.equal(r.status, 200);
    assert.equal(r.type, 'application/json');
    assert.equal(
      r.text,
      `[${THOMAS_COLLINS},` +
        '{"name":"anne clement","hospital":"clemency medical center","category":"surgery","availability":"8.00 a.m - 10.00 a.m","fee":12000.0},' +
        '{"name":"seth mears","hospital":"pine valley community hospital","category":"surgery","availability":"3.00 p.m - 5.00 p.m","fee":8000.0}]',
    );
  });

  test('tutorials 2-5: reserve at grand oak returns appointment 1 without appointmentDate', async () => {
    const r = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
    assert.equal(r.status, 200);
    assert.equal(r.text, `{"appointmentNumber":1,"doctor":${THOMAS_COLLINS},"patient":${PATIENT_JSON},"fee":7000.0,"confirmed":false}`);
  });

  test('tutorials 4-5: the channeling fee lower-cases the names and gives the fee as a string', async () => {
    const r = await call(s, 'GET', '/grandoaks/categories/appointments/1/fee');
    assert.equal(r.text, '{"patientName":"john doe","doctorName":"thomas collins","actualFee":"7000.0"}');
    // The appointment map is shared, so any hospital's path answers for any appointment.
    assert.equal((await call(s, 'GET', '/pinevalley/categories/appointments/1/fee')).text, r.text);
  });

  test('tutorials 4-5: settling a payment for a 1940 birth applies the 20% discount', async () => {
    const r = await call(s, 'POST', '/healthcare/payments', settlement(1));
    assert.equal(r.status, 200);
    const m = /^\{"patient":"John Doe","actualFee":7000\.0,"discount":20,"discounted":5600\.0,"paymentID":"([0-9a-f-]{36})","status":"Settled"\}$/.exec(r.text);
    assert.ok(m, r.text);
    assert.equal(s.stats.payments.count, 1);
    assert.deepEqual(s.stats.payments.appointmentNumbers, [1]);
    assert.equal(s.stats.payments.bodies[0], settlement(1));
    assert.equal((await call(s, 'GET', `/healthcare/payments/payment/${m[1]}`)).text, r.text);
    assert.equal((await call(s, 'GET', '/healthcare/payments')).text, `{"${m[1]}":${r.text}}`);
  });

  test('the requests are counted per route', () => {
    assert.equal(s.stats.requests['POST /{hospital}/categories/{category}/reserve'], 1);
    assert.equal(s.stats.requests['GET /{hospital}/categories/appointments/{appointment_id}/fee'], 2);
    assert.equal(s.stats.requests['POST /healthcare/payments'], 1);
  });
});

describe('state rules', () => {
  test('the appointment counter is shared by every hospital', () =>
    withService(async (s) => {
      const a = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      const b = await call(s, 'POST', '/clemency/categories/surgery/reserve', reservation('anne clement', 'clemency medical center'));
      const c = await call(s, 'POST', '/pinevalley/categories/surgery/reserve', reservation('seth mears', 'pine valley community hospital'));
      assert.deepEqual([a, b, c].map((r) => JSON.parse(r.text).appointmentNumber), [1, 2, 3]);
      const fromHealthcare = await call(s, 'GET', '/healthcare/appointments/2');
      assert.match(fromHealthcare.text, /^\{"appointmentNumber":2,"doctor":\{"name":"anne clement"/);
    }));

  test('findDoctorByName takes the first match, whatever the URL category; hospital match ignores case', () =>
    withService(async (s) => {
      const r = await call(s, 'POST', '/grandoaks/categories/ent/reserve', reservation('abner jones', 'Grand Oak Community Hospital'));
      const body = JSON.parse(r.text);
      assert.equal(body.doctor.category, 'gynaecology');
      assert.match(r.text, /"fee":11000\.0,"confirmed":false\}$/);
    }));

  test('refusals answer 200 with a Status object and do not consume a number', () =>
    withService(async (s) => {
      const invalid = await call(s, 'POST', '/grandoaks/categories/dentistry/reserve', reservation('thomas collins', 'grand oak community hospital'));
      assert.equal(invalid.status, 200);
      assert.equal(invalid.text, '{"status":"Invalid Category"}');
      const elsewhere = await call(s, 'POST', '/clemency/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      assert.equal(elsewhere.text, '{"status":"Doctor thomas collins is not available in grand oak community hospital"}');
      const wrongHospital = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'clemency medical center'));
      assert.equal(wrongHospital.text, '{"status":"Doctor thomas collins is not available in clemency medical center"}');
      const ok = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      assert.equal(JSON.parse(ok.text).appointmentNumber, 1);
    }));

  test('unknown keys in the request are dropped and fields keep the Java order', () =>
    withService(async (s) => {
      const patient = { email: 'a@b.c', cardNo: '1234', name: 'Ann', ssn: '1' };
      const r = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital', patient));
      assert.match(r.text, /"patient":\{"name":"Ann","ssn":"1","email":"a@b.c"\}/);
    }));
});

describe('per-hospital resources', () => {
  test('patient records: missing, created on reservation, updated under today', () =>
    withService(async (s) => {
      const missing = await call(s, 'GET', '/grandoaks/categories/patient/234-23-525/getrecord');
      assert.equal(missing.text, '{"status":"Could not find valid Patient Entry"}');
      await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      const empty = await call(s, 'GET', '/grandoaks/categories/patient/234-23-525/getrecord');
      assert.equal(empty.text, `{"patient":${PATIENT_JSON},"symptoms":{},"treatments":{}}`);
      // Patients are per hospital.
      const other = await call(s, 'POST', '/clemency/categories/patient/updaterecord', { patient: { ssn: '234-23-525' }, symptoms: [], treatments: [] });
      assert.equal(other.text, '{"status":"Could not find valid Patient Entry"}');
      const update = await call(s, 'POST', '/grandoaks/categories/patient/updaterecord', {
        patient: { ssn: '234-23-525' },
        symptoms: ['fever', 3],
        treatments: ['rest'],
      });
      assert.equal(update.text, '{"status":"Record Update Success"}');
      const d = new Date();
      const day = `${String(d.getDate()).padStart(2, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${d.getFullYear()}`;
      const record = await call(s, 'GET', '/grandoaks/categories/patient/234-23-525/getrecord');
      assert.equal(record.text, `{"patient":${PATIENT_JSON},"symptoms":{"${day}":["fever",3.0]},"treatments":{"${day}":["rest"]}}`);
    }));

  test('discount eligibility follows the birth year', () =>
    withService(async (s) => {
      const year = new Date().getFullYear();
      await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital', { ...PATIENT, dob: `${year - 30}-01-01` }));
      await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital', { ...PATIENT, dob: `${year - 5}-01-01` }));
      const answers = [];
      for (const id of [1, 2, 3, 4]) answers.push((await call(s, 'GET', `/grandoaks/categories/patient/appointment/${id}/discount`)).text);
      assert.deepEqual(answers, ['{"status":"true"}', '{"status":"false"}', '{"status":"true"}', '{"status":"Invalid appointment ID"}']);
    }));

  test('new doctors: added once; PineValley has its own admin path', () =>
    withService(async (s) => {
      const doctor = { name: 'jane roe', hospital: 'grand oak community hospital', category: 'dermatology', availability: '1.00 p.m', fee: 3000 };
      assert.equal((await call(s, 'POST', '/grandoaks/categories/admin/doctor/newdoctor', doctor)).text, '{"status":"New Doctor Added Successfully"}');
      assert.equal((await call(s, 'POST', '/grandoaks/categories/admin/doctor/newdoctor', doctor)).text, '{"status":"Doctor Already Exist in the system"}');
      // The new category is now valid at this hospital only.
      const r = await call(s, 'POST', '/grandoaks/categories/dermatology/reserve', reservation('jane roe', 'grand oak community hospital'));
      assert.match(r.text, /^\{"appointmentNumber":1,"doctor":\{"name":"jane roe".*"fee":3000\.0\}/);
      assert.equal((await call(s, 'POST', '/clemency/categories/dermatology/reserve', reservation('jane roe', 'grand oak community hospital'))).text, '{"status":"Invalid Category"}');
      assert.equal((await call(s, 'POST', '/pinevalley/categories/admin/newdoctor', doctor)).text, '{"status":"New Doctor Added Successfully"}');
      assert.equal((await call(s, 'POST', '/pinevalley/categories/admin/doctor/newdoctor', doctor)).status, 404);
      assert.equal((await call(s, 'POST', '/grandoaks/categories/admin/newdoctor', doctor)).status, 404);
    }));

  test('the channeling fee of an unknown appointment is a Status', () =>
    withService(async (s) => {
      const r = await call(s, 'GET', '/willowogardens/categories/appointments/7/fee');
      assert.equal(r.text, '{"status":"Error.Could not Find the Requested appointment ID"}');
    }));
});

describe('healthcare resources', () => {
  test('category queries, unknown category, new doctor', () =>
    withService(async (s) => {
      const cardiology = JSON.parse((await call(s, 'GET', '/healthcare/cardiology')).text);
      assert.deepEqual(cardiology.map((d: { name: string }) => d.name), ['emeline fulton', 'jared morris']);
      assert.equal((await call(s, 'GET', '/healthcare/Surgery')).text, '{"status":"Could not find any entry for the requested Category"}');
      const doctor = { name: 'jane roe', hospital: 'x', category: 'dermatology', availability: 'now', fee: 3000 };
      assert.equal((await call(s, 'POST', '/healthcare/admin/newdoctor', doctor)).text, '{"status":"New Doctor Added Successfully"}');
      assert.equal(
        (await call(s, 'GET', '/healthcare/dermatology')).text,
        '[{"name":"jane roe","hospital":"x","category":"dermatology","availability":"now","fee":3000.0}]',
      );
      assert.equal((await call(s, 'POST', '/healthcare/admin/newdoctor', doctor)).text, '{"status":"Doctor Already Exist in the system"}');
    }));

  test('appointments: read, missing, validity, delete', () =>
    withService(async (s) => {
      assert.equal((await call(s, 'GET', '/healthcare/appointments/1')).text, '{"status":"Error.There is no appointment with appointment number 1"}');
      await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      assert.match((await call(s, 'GET', '/healthcare/appointments/1')).text, /^\{"appointmentNumber":1,/);
      assert.equal((await call(s, 'GET', '/healthcare/appointments/validity/9/')).text, '{"status":"Error.Could not Find the Requested appointment ID"}');
      // JDK11 never sets appointmentDate, so the Java service throws on parse(null).
      const validity = await call(s, 'GET', '/healthcare/appointments/validity/1/');
      assert.equal(validity.status, 500);
      assert.equal((await call(s, 'DELETE', '/healthcare/appointments/1/')).text, '{"status":"Appointment is successfully removed"}');
      assert.equal((await call(s, 'DELETE', '/healthcare/appointments/1')).text, '{"status":"Appointment is successfully removed"}');
      assert.equal((await call(s, 'GET', '/grandoaks/categories/appointments/1/fee')).text, '{"status":"Error.Could not Find the Requested appointment ID"}');
    }));

  test('payments: the fee comes from the doctor list, not the body; young patients get 15%', () =>
    withService(async (s) => {
      const child = { ...PATIENT, name: 'Tim', dob: `${new Date().getFullYear() - 6}-05-05` };
      const r = await call(s, 'POST', '/healthcare/payments', settlement('"4"', child, 'anne clement'));
      assert.match(r.text, /^\{"patient":"Tim","actualFee":12000\.0,"discount":15,"discounted":10200\.0,"paymentID":"[0-9a-f-]{36}","status":"Settled"\}$/);
      assert.deepEqual(s.stats.payments.appointmentNumbers, [4]);
      const negative = await call(s, 'POST', '/healthcare/payments', settlement(-1));
      assert.equal(negative.text, '{"status":"Error.Could not Find the Requested appointment ID"}');
      assert.equal((await call(s, 'GET', '/healthcare/payments/payment/nope')).text, '{"status":"Invalid payment id provided"}');
      assert.equal(s.stats.payments.count, 1);
    }));

  test('waitForPayments resolves once enough payments are settled', () =>
    withService(async (s) => {
      const waiting = s.waitForPayments(2, 5_000);
      await call(s, 'POST', '/healthcare/payments', settlement(1));
      await call(s, 'POST', '/healthcare/payments', settlement(2));
      assert.deepEqual((await waiting).appointmentNumbers, [1, 2]);
    }));
});

describe('errors, as MSF4J answers them', () => {
  test('malformed JSON, a missing patient or an unknown doctor give 500 text/plain', () =>
    withService(async (s) => {
      const bad = await call(s, 'POST', '/healthcare/payments', '{"appointmentNumber":');
      assert.equal(bad.status, 500);
      assert.equal(bad.type, 'text/plain');
      assert.equal(bad.text, 'Exception occurred :Unable to perform json to object conversion');
      assert.equal((await call(s, 'POST', '/healthcare/payments', '')).status, 500);
      assert.equal((await call(s, 'POST', '/healthcare/payments', settlement(1, PATIENT, 'nobody'))).text, 'Exception occurred :null');
      assert.equal((await call(s, 'POST', '/healthcare/payments', '{"appointmentNumber":1}')).status, 500);
      assert.equal(s.stats.payments.count, 0);
      // Java stores the appointment before it dereferences the missing patient: the number is used up.
      const noPatient = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', { doctor: 'thomas collins', hospital: 'grand oak community hospital' });
      assert.equal(noPatient.status, 500);
      const next = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      assert.equal(JSON.parse(next.text).appointmentNumber, 2);
    }));

  test('an int path parameter that is not a number, an unknown path, a wrong method', () =>
    withService(async (s) => {
      assert.equal((await call(s, 'GET', '/grandoaks/categories/appointments/abc/fee')).status, 500);
      assert.equal((await call(s, 'GET', '/pineValley/categories/appointments/1/fee')).status, 404);
      assert.equal((await call(s, 'GET', '/grandoaks/categories/surgery/reserve')).status, 405);
      assert.equal(s.stats.requests.unmatched, 2);
    }));
});

describe('legacy variant', () => {
  test('reservations keep appointment_date and payments carry appointmentNo and doctorName', () =>
    withService(async (s) => {
      const r = await call(s, 'POST', '/grandoaks/categories/surgery/reserve', reservation('thomas collins', 'grand oak community hospital'));
      assert.equal(
        r.text,
        `{"appointmentNumber":1,"doctor":${THOMAS_COLLINS},"patient":${PATIENT_JSON},"fee":7000.0,"confirmed":false,"appointmentDate":"2025-04-02"}`,
      );
      assert.equal((await call(s, 'GET', '/grandoaks/categories/appointments/1')).text, r.text);
      assert.equal((await call(s, 'GET', '/grandoaks/categories/appointments/2')).text, '{"status":"Invalid Category"}');
      const validity = await call(s, 'GET', '/healthcare/appointments/validity/1');
      assert.match(validity.text, /^\{"status":"-?\d+"\}$/);
      const p = await call(s, 'POST', '/healthcare/payments', settlement(1));
      assert.match(p.text, /^\{"appointmentNo":1,"doctorName":"thomas collins","patient":"John Doe","actualFee":7000\.0,"discount":20,"discounted":5600\.0,"paymentID":"[0-9a-f-]{36}","status":"Settled"\}$/);
      const update = await call(s, 'POST', '/grandoaks/categories/patient/updaterecord', { SSN: '234-23-525', symptoms: ['cough'], treatments: [] });
      assert.equal(update.text, '{"status":"Record Update Success"}');
    }, true));

  test('the JDK11 variant has no GET /{hospital}/categories/appointments/{id}', () =>
    withService(async (s) => {
      assert.equal((await call(s, 'GET', '/grandoaks/categories/appointments/1')).status, 404);
    }));
});
