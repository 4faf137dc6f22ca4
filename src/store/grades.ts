// SQL for grade reviews, grade applications, their approvals, and grade history.

import type { Grade, Role } from '../core/enums.js';
import type { Band } from '../core/grade.js';
import type { Db } from './db.js';

export interface ReviewRow {
  id: number;
  customer_id: number;
  month: string;
  /** The day the review was made (its grade decisions take effect then). */
  date: string;
  score: number;
  band: Band;
  /** JSON object factor key → score, or null for a total given directly. */
  factors: string | null;
  /** JSON of the model used, or null for a total given directly. */
  model: string | null;
  reviewer: string;
  recorded_at: string;
  /** The grade the review changed at once (a potential key customer reclassified as general, §6.4). */
  applied_grade: Grade | null;
}

export type ApplicationKind = 'upgrade' | 'downgrade' | 'designate';
export type ApplicationStatus = 'pending' | 'approved' | 'rejected' | 'superseded';

export interface ApplicationRow {
  id: number;
  customer_id: number;
  kind: ApplicationKind;
  from_grade: Grade;
  to_grade: Grade;
  status: ApplicationStatus;
  /** JSON list of roles. */
  required_roles: string;
  review_id: number | null;
  applicant: string;
  applied_on: string;
  decided_on: string | null;
}

export interface ApprovalRow {
  id: number;
  application_id: number;
  approver: string;
  role: Role;
  decision: 'approve' | 'reject';
  note: string | null;
  date: string;
}

export function insertReview(db: Db, r: Omit<ReviewRow, 'id'>): number {
  const info = db
    .prepare(
      `INSERT INTO reviews(customer_id, month, date, score, band, factors, model, reviewer, recorded_at, applied_grade)
       VALUES (@customer_id, @month, @date, @score, @band, @factors, @model, @reviewer, @recorded_at, @applied_grade)`,
    )
    .run(r);
  return Number(info.lastInsertRowid);
}

/** Records the grade a review changed at once (a grade decision of the timeline). */
export function setReviewApplied(db: Db, reviewId: number, grade: Grade): void {
  db.prepare('UPDATE reviews SET applied_grade = ? WHERE id = ?').run(grade, reviewId);
}

export function reviewOf(db: Db, customerId: number, month: string): ReviewRow | undefined {
  return db.prepare('SELECT * FROM reviews WHERE customer_id = ? AND month = ?').get(customerId, month) as ReviewRow | undefined;
}

export function reviewById(db: Db, id: number): ReviewRow | undefined {
  return db.prepare('SELECT * FROM reviews WHERE id = ?').get(id) as ReviewRow | undefined;
}

export function latestReviewMonth(db: Db, customerId: number): string | undefined {
  return (db.prepare('SELECT max(month) AS m FROM reviews WHERE customer_id = ?').get(customerId) as { m: string | null }).m ?? undefined;
}

/** A customer's reviews up to a month, newest first. */
export function reviewsUpTo(db: Db, customerId: number, month: string, limit: number): ReviewRow[] {
  return db.prepare('SELECT * FROM reviews WHERE customer_id = ? AND month <= ? ORDER BY month DESC LIMIT ?').all(customerId, month, limit) as ReviewRow[];
}

export function insertApplication(db: Db, a: Omit<ApplicationRow, 'id' | 'status' | 'decided_on'>): number {
  const info = db
    .prepare(
      `INSERT INTO applications(customer_id, kind, from_grade, to_grade, status, required_roles, review_id, applicant, applied_on)
       VALUES (@customer_id, @kind, @from_grade, @to_grade, 'pending', @required_roles, @review_id, @applicant, @applied_on)`,
    )
    .run(a);
  return Number(info.lastInsertRowid);
}

export function applicationById(db: Db, id: number): ApplicationRow | undefined {
  return db.prepare('SELECT * FROM applications WHERE id = ?').get(id) as ApplicationRow | undefined;
}

export function pendingApplicationOf(db: Db, customerId: number): ApplicationRow | undefined {
  return db.prepare("SELECT * FROM applications WHERE customer_id = ? AND status = 'pending'").get(customerId) as ApplicationRow | undefined;
}

export function pendingApplications(db: Db): ApplicationRow[] {
  return db.prepare("SELECT * FROM applications WHERE status = 'pending' ORDER BY applied_on, id").all() as ApplicationRow[];
}

export function decideApplication(db: Db, id: number, status: ApplicationStatus, date: string): void {
  db.prepare('UPDATE applications SET status = ?, decided_on = ? WHERE id = ?').run(status, date, id);
}

/** The roles an application waits for, as they stand now (the status on the last approval's day decides). */
export function setRequiredRoles(db: Db, id: number, roles: readonly Role[]): void {
  db.prepare('UPDATE applications SET required_roles = ? WHERE id = ?').run(JSON.stringify(roles), id);
}

export function approvalsOf(db: Db, applicationId: number): ApprovalRow[] {
  return db.prepare('SELECT * FROM approvals WHERE application_id = ? ORDER BY id').all(applicationId) as ApprovalRow[];
}

export function insertApproval(db: Db, a: Omit<ApprovalRow, 'id'>): void {
  db.prepare(
    `INSERT INTO approvals(application_id, approver, role, decision, note, date)
     VALUES (@application_id, @approver, @role, @decision, @note, @date)`,
  ).run(a);
}

/** What the potential-VIP report needs of each customer created by a date: its histories to replay. */
export interface HistoryFacts {
  id: number;
  code: string;
  name: string;
  owner: string | null;
  grade: Grade;
  status: string;
  stage: number | null;
  created_on: string;
}

export function customersCreatedBy(db: Db, date: string): HistoryFacts[] {
  return db
    .prepare('SELECT id, code, name, owner, grade, status, stage, created_on FROM customers WHERE created_on <= ? ORDER BY region, serial')
    .all(date) as HistoryFacts[];
}

export function allGradeHistory(db: Db): { customer_id: number; from_grade: Grade | null; to_grade: Grade; date: string }[] {
  return db.prepare('SELECT customer_id, from_grade, to_grade, date FROM grade_history ORDER BY customer_id, seq').all() as never;
}

export function allStatusHistory(db: Db): { customer_id: number; from_status: string | null; to_status: string; date: string }[] {
  return db.prepare('SELECT customer_id, from_status, to_status, date FROM status_history ORDER BY customer_id, seq').all() as never;
}

/** Development stages given at visits (the last one by a date is the stage then). */
export function allVisitStages(db: Db): { customer_id: number; visited_at: string; stage: number }[] {
  return db.prepare('SELECT customer_id, visited_at, stage FROM visits WHERE stage IS NOT NULL ORDER BY customer_id, visited_at, seq').all() as never;
}

/** Cooperating and potential A and B customers, the ones the demo reviews. */
export function gradedCustomers(db: Db): { id: number; code: string; grade: Grade; status: 'a' | 'b'; created_on: string }[] {
  return db
    .prepare("SELECT id, code, grade, status, created_on FROM customers WHERE grade IN ('A','B') AND status IN ('a','b') ORDER BY region, serial")
    .all() as never;
}
