/**
 * The Hospital-Service's behaviour, one method per resource method of the Java service. One instance
 * is one JVM's worth of state: the appointment counter and appointment map are shared by every
 * hospital (they are static in Java), each hospital keeps its own doctors, categories and patients,
 * and the healthcare service keeps its own doctor list and payments.
 */
import { randomUUID } from 'node:crypto';
import { JavaException, asJavaObject, javaDoubleToString, npe, read } from './gson';
import {
  type Appointment,
  type Doctor,
  type HospitalId,
  type Patient,
  type PatientRecord,
  type Payment,
  CATEGORIES,
  appointmentJson,
  doctorJson,
  patientRecordJson,
  paymentJson,
  readDoctor,
  readPatient,
  seedDoctors,
  seedHealthcareDoctors,
  status,
} from './model';

interface Hospital {
  doctors: Doctor[];
  categories: string[];
  patients: Map<string | undefined, Patient>;
  records: Map<string | undefined, PatientRecord>;
}

function findDoctorByName(doctors: Doctor[], name: string | undefined): Doctor | undefined {
  // Java calls doctor.getName().equals(name): first exact, case-sensitive match wins.
  return doctors.find((d) => d.name === name);
}

/** `Integer.parseInt(dob.split("-")[0])`. */
function birthYear(dob: string | undefined): number {
  if (dob === undefined) throw npe();
  const head = dob.split('-')[0];
  if (!/^[+-]?\d+$/.test(head)) {
    throw new JavaException('java.lang.NumberFormatException', `For input string: "${head}"`);
  }
  return Number(head);
}

function age(dob: string | undefined): number {
  return new Date().getFullYear() - birthYear(dob);
}

/** HospitalUtil.checkForDiscounts: the birth year alone decides. */
export function discountFor(dob: string | undefined): number {
  const a = age(dob);
  return a < 12 ? 15 : a > 55 ? 20 : 0;
}

function today(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getDate())}-${p(d.getMonth() + 1)}-${d.getFullYear()}`;
}

/** `SimpleDateFormat("yyyy-MM-dd").parse`, local midnight; undefined where Java throws ParseException. */
function parseIsoDate(s: string): Date | undefined {
  const m = /^(\d+)-(\d+)-(\d+)/.exec(s);
  if (!m) return undefined;
  return new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

export interface HospitalStateOptions {
  /** Behave like the older (Java 8) service: `appointment_date`, `appointmentNo`, `doctorName`, `SSN`. */
  legacy?: boolean;
}

export class HospitalState {
  private nextAppointmentNumber = 1;
  readonly appointments = new Map<number, Appointment>();
  private readonly hospitals: Record<HospitalId, Hospital>;
  private readonly healthcareDoctors = seedHealthcareDoctors();
  private readonly healthcareCategories: string[] = [...CATEGORIES];
  readonly payments = new Map<string, Payment>();
  private readonly legacy: boolean;

  constructor(options: HospitalStateOptions = {}) {
    this.legacy = options.legacy ?? false;
    const hospital = (id: HospitalId): Hospital => ({
      doctors: seedDoctors(id),
      categories: [...CATEGORIES],
      patients: new Map(),
      records: new Map(),
    });
    this.hospitals = {
      grandoaks: hospital('grandoaks'),
      clemency: hospital('clemency'),
      pinevalley: hospital('pinevalley'),
      willowogardens: hospital('willowogardens'),
    };
  }

  // ---- per hospital: /{hospital}/categories ----

  reserve(hospitalId: HospitalId, category: string, body: unknown): object {
    const o = read.object(body, '$') ?? {};
    const request = {
      patient: readPatient(o.patient, '$.patient'),
      doctor: read.string(o.doctor, '$.doctor'),
      hospital: read.string(o.hospital, '$.hospital'),
      appointmentDate: this.legacy ? read.string(o.appointment_date, '$.appointment_date') : undefined,
    };
    const h = this.hospitals[hospitalId];
    if (!h.categories.includes(category)) return status('Invalid Category');
    const doctor = findDoctorByName(h.doctors, request.doctor);
    if (!doctor || request.hospital === undefined || doctor.hospital?.toLowerCase() !== request.hospital.toLowerCase()) {
      return status(`Doctor ${request.doctor ?? 'null'} is not available in ${request.hospital ?? 'null'}`);
    }
    const appointment: Appointment = {
      appointmentNumber: this.nextAppointmentNumber++,
      doctor,
      patient: request.patient,
      fee: doctor.fee,
      confirmed: false,
      appointmentDate: request.appointmentDate,
    };
    this.appointments.set(appointment.appointmentNumber, appointment);
    // Java stores the appointment before dereferencing the patient, so a request without one still
    // consumes a number and leaves the appointment behind before the NullPointerException.
    if (!request.patient) throw npe();
    h.patients.set(request.patient.ssn, request.patient);
    if (!h.records.has(request.patient.ssn)) {
      h.records.set(request.patient.ssn, { patient: request.patient, symptoms: new Map(), treatments: new Map() });
    }
    return appointmentJson(appointment);
  }

  channelingFee(id: number): object {
    const a = this.appointments.get(id);
    if (!a) return status('Error.Could not Find the Requested appointment ID');
    if (!a.patient?.name || !a.doctor?.name) throw npe();
    return {
      patientName: a.patient.name.toLowerCase(),
      doctorName: a.doctor.name.toLowerCase(),
      actualFee: javaDoubleToString(a.doctor.fee),
    };
  }

  updateRecord(hospitalId: HospitalId, body: unknown): object {
    const o = read.object(body, '$') ?? {};
    let ssn: unknown;
    if (this.legacy) ssn = o.SSN;
    else {
      const patient = o.patient;
      if (patient === null || patient === undefined) throw npe();
      if (typeof patient !== 'object' || Array.isArray(patient)) {
        throw new JavaException('java.lang.ClassCastException', 'class java.lang.String cannot be cast to class java.util.Map');
      }
      ssn = (patient as Record<string, unknown>).ssn;
    }
    if (ssn !== undefined && ssn !== null && typeof ssn !== 'string') {
      throw new JavaException('java.lang.ClassCastException', 'class java.lang.Double cannot be cast to class java.lang.String');
    }
    const h = this.hospitals[hospitalId];
    const key = (ssn ?? undefined) as string | undefined;
    if (!h.patients.has(key)) return status('Could not find valid Patient Entry');
    const record = h.records.get(key);
    if (!record) return status('Could not find valid Patient Record');
    const date = today();
    // The body is bound to HashMap<String,Object>, so numbers inside the lists come back as doubles.
    record.symptoms.set(date, asJavaObject(o.symptoms ?? undefined));
    record.treatments.set(date, asJavaObject(o.treatments ?? undefined));
    return status('Record Update Success');
  }

  patientRecord(hospitalId: HospitalId, ssn: string): object {
    const record = this.hospitals[hospitalId].records.get(ssn);
    return record ? patientRecordJson(record) : status('Could not find valid Patient Entry');
  }

  discountEligibility(id: number): object {
    const a = this.appointments.get(id);
    if (!a) return status('Invalid appointment ID');
    if (!a.patient) throw npe();
    const years = age(a.patient.dob);
    return status(String(years < 12 || years > 55));
  }

  addDoctor(hospitalId: HospitalId, body: unknown): object {
    const h = this.hospitals[hospitalId];
    return addDoctorTo(h.doctors, h.categories, body);
  }

  /** Older variant only: GET /{hospital}/categories/appointments/{id}. */
  appointment(id: number): object {
    const a = this.appointments.get(id);
    return a ? appointmentJson(a) : status('Invalid Category');
  }

  // ---- /healthcare ----

  doctorsByCategory(category: string): object {
    const found = this.healthcareDoctors.filter((d) => d.category === category);
    if (found.length === 0) return status('Could not find any entry for the requested Category');
    return found.map((d) => doctorJson(d) as object);
  }

  healthcareAppointment(id: number): object {
    const a = this.appointments.get(id);
    return a ? appointmentJson(a) : status(`Error.There is no appointment with appointment number ${id}`);
  }

  appointmentValidity(id: number): object {
    const a = this.appointments.get(id);
    if (!a) return status('Error.Could not Find the Requested appointment ID');
    if (a.appointmentDate === undefined) throw npe();
    const date = parseIsoDate(a.appointmentDate);
    // Java's long division truncates towards zero; a ParseException leaves the difference at 0.
    const days = date ? Math.trunc((date.getTime() - Date.now()) / 86_400_000) : 0;
    return status(String(days));
  }

  removeAppointment(id: number): object {
    this.appointments.delete(id);
    return status('Appointment is successfully removed');
  }

  settlePayment(body: unknown): { json: object; payment?: Payment } {
    const o = read.object(body, '$') ?? {};
    const appointmentNumber = read.int(o.appointmentNumber, '$.appointmentNumber');
    const doctor = readDoctor(o.doctor, '$.doctor');
    const patient = readPatient(o.patient, '$.patient');
    read.double(o.fee, '$.fee');
    read.boolean(o.confirmed, '$.confirmed');
    read.string(o.card_number, '$.card_number');
    if (appointmentNumber < 0) return { json: status('Error.Could not Find the Requested appointment ID') };
    if (!patient) throw npe();
    const discount = discountFor(patient.dob);
    if (!doctor) throw npe();
    const known = findDoctorByName(this.healthcareDoctors, doctor.name);
    if (!known) throw npe();
    const actualFee = known.fee;
    const payment: Payment = {
      appointmentNo: this.legacy ? appointmentNumber : undefined,
      doctorName: this.legacy ? doctor.name : undefined,
      patient: patient.name,
      actualFee,
      discount,
      discounted: (actualFee / 100) * (100 - discount),
      paymentID: randomUUID(),
      status: 'Settled',
    };
    this.payments.set(payment.paymentID, payment);
    return { json: paymentJson(payment), payment };
  }

  allPayments(): object {
    return new Map([...this.payments].map(([id, p]) => [id, paymentJson(p)]));
  }

  payment(id: string): object {
    const p = this.payments.get(id);
    return p ? paymentJson(p) : status('Invalid payment id provided');
  }

  addHealthcareDoctor(body: unknown): object {
    return addDoctorTo(this.healthcareDoctors, this.healthcareCategories, body);
  }
}

function addDoctorTo(doctors: Doctor[], categories: string[], body: unknown): object {
  const doctor = readDoctor(body, '$');
  if (!doctor) throw npe();
  const category = doctor.category;
  if (category !== undefined && !categories.includes(category)) categories.push(category);
  if (findDoctorByName(doctors, doctor.name)) return status('Doctor Already Exist in the system');
  doctors.push(doctor);
  return status('New Doctor Added Successfully');
}
