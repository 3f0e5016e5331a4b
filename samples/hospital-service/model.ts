/**
 * The Hospital-Service entities, their Gson field order, and the seed data. Readers turn request JSON
 * into entities the way Gson binds a class: unknown keys are dropped, so a response lists only the
 * Java fields, in declaration order, whatever order the client used.
 */
import { dbl, read } from './gson';

export interface Doctor {
  name?: string;
  hospital?: string;
  category?: string;
  availability?: string;
  fee: number;
}

export interface Patient {
  name?: string;
  dob?: string;
  ssn?: string;
  address?: string;
  phone?: string;
  email?: string;
}

export interface Appointment {
  appointmentNumber: number;
  doctor?: Doctor;
  patient?: Patient;
  fee: number;
  confirmed: boolean;
  /** Set only by the older variant, from the request's `appointment_date`. */
  appointmentDate?: string;
}

export interface Payment {
  /** Older variant only. */
  appointmentNo?: number;
  /** Older variant only. */
  doctorName?: string;
  patient?: string;
  actualFee: number;
  discount: number;
  discounted: number;
  paymentID: string;
  status?: string;
}

export interface PatientRecord {
  patient: Patient;
  /** Keyed by `dd-MM-yyyy`; the lists hold whatever JSON values the client sent. */
  symptoms: Map<string, unknown>;
  treatments: Map<string, unknown>;
}

export const CATEGORIES = ['surgery', 'cardiology', 'gynaecology', 'ent', 'paediatric'] as const;

export type HospitalId = 'grandoaks' | 'clemency' | 'pinevalley' | 'willowogardens';

/** Path segment → the hospital's name (the path is spelt `willowogardens`, as in the Java service). */
export const HOSPITALS: Record<HospitalId, string> = {
  grandoaks: 'grand oak community hospital',
  clemency: 'clemency medical center',
  pinevalley: 'pine valley community hospital',
  willowogardens: 'willow gardens general hospital',
};

type Seed = [name: string, category: string, availability: string, fee: number];

const SEED: Record<HospitalId, Seed[]> = {
  grandoaks: [
    ['thomas collins', 'surgery', '9.00 a.m - 11.00 a.m', 7000],
    ['henry parker', 'ent', '9.00 a.m - 11.00 a.m', 4500],
    ['abner jones', 'gynaecology', '8.00 a.m - 10.00 a.m', 11000],
    ['abner jones', 'ent', '8.00 a.m - 10.00 a.m', 6750],
  ],
  clemency: [
    ['anne clement', 'surgery', '8.00 a.m - 10.00 a.m', 12000],
    ['thomas kirk', 'gynaecology', '9.00 a.m - 11.00 a.m', 8000],
    ['cailen cooper', 'paediatric', '9.00 a.m - 11.00 a.m', 5500],
  ],
  pinevalley: [
    ['seth mears', 'surgery', '3.00 p.m - 5.00 p.m', 8000],
    ['emeline fulton', 'cardiology', '8.00 a.m - 10.00 a.m', 4000],
  ],
  willowogardens: [
    ['jared morris', 'cardiology', '9.00 a.m - 11.00 a.m', 10000],
    ['henry foster', 'paediatric', '8.00 a.m - 10.00 a.m', 10000],
  ],
};

/** A fresh copy of one hospital's doctor list, in the Java insertion order. */
export function seedDoctors(hospital: HospitalId): Doctor[] {
  return SEED[hospital].map(([name, category, availability, fee]) => ({
    name,
    hospital: HOSPITALS[hospital],
    category,
    availability,
    fee,
  }));
}

/** The healthcare service's own list: every hospital's doctors, GrandOak, Clemency, PineValley, WillowGardens. */
export function seedHealthcareDoctors(): Doctor[] {
  return (['grandoaks', 'clemency', 'pinevalley', 'willowogardens'] as const).flatMap(seedDoctors);
}

export function readDoctor(v: unknown, path: string): Doctor | undefined {
  const o = read.object(v, path);
  if (!o) return undefined;
  return {
    name: read.string(o.name, `${path}.name`),
    hospital: read.string(o.hospital, `${path}.hospital`),
    category: read.string(o.category, `${path}.category`),
    availability: read.string(o.availability, `${path}.availability`),
    fee: read.double(o.fee, `${path}.fee`),
  };
}

export function readPatient(v: unknown, path: string): Patient | undefined {
  const o = read.object(v, path);
  if (!o) return undefined;
  return {
    name: read.string(o.name, `${path}.name`),
    dob: read.string(o.dob, `${path}.dob`),
    ssn: read.string(o.ssn, `${path}.ssn`),
    address: read.string(o.address, `${path}.address`),
    phone: read.string(o.phone, `${path}.phone`),
    email: read.string(o.email, `${path}.email`),
  };
}

// Writers return plain objects whose key order is the Java field order; toGson drops the undefined ones.

export function doctorJson(d: Doctor | undefined): object | undefined {
  if (!d) return undefined;
  return { name: d.name, hospital: d.hospital, category: d.category, availability: d.availability, fee: dbl(d.fee) };
}

export function patientJson(p: Patient | undefined): object | undefined {
  if (!p) return undefined;
  return { name: p.name, dob: p.dob, ssn: p.ssn, address: p.address, phone: p.phone, email: p.email };
}

export function appointmentJson(a: Appointment): object {
  return {
    time: undefined,
    appointmentNumber: a.appointmentNumber,
    doctor: doctorJson(a.doctor),
    patient: patientJson(a.patient),
    hospital: undefined,
    fee: dbl(a.fee),
    confirmed: a.confirmed,
    paymentID: undefined,
    appointmentDate: a.appointmentDate,
  };
}

export function paymentJson(p: Payment): object {
  return {
    appointmentNo: p.appointmentNo,
    doctorName: p.doctorName,
    patient: p.patient,
    actualFee: dbl(p.actualFee),
    discount: p.discount,
    discounted: dbl(p.discounted),
    paymentID: p.paymentID,
    status: p.status,
  };
}

export function patientRecordJson(r: PatientRecord): object {
  return { patient: patientJson(r.patient), symptoms: r.symptoms, treatments: r.treatments };
}

export const status = (text: string): object => ({ status: text });
