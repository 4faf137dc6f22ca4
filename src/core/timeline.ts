// A customer's timeline (SPEC 2.2, 2.3): the one pure function from its facts — creation, orders, status
// decisions and grade decisions — to every status and grade it had with their dates, the derived events
// (first order, automatic loss, win-back, an unconfirmed VIP), the code history that follows, and the
// facts that contradict each other. The same facts in any order give the same timeline.

import { lastActivity, lostDate } from './churn.js';
import { formatCode } from './code.js';
import type { Grade, ReasonCategory, Status } from './enums.js';
import { isFormalVip } from './grade.js';
import { orderEffect, transitionRule } from './status.js';

/** Who the derived events without a person behind them are recorded by. */
export const SYSTEM_OPERATOR = 'kehu';

export interface OrderFact {
  id: number;
  date: string;
  by: string;
}

/**
 * A status decision: `manual` is set-status (it stands, even where facts entered later make its change
 * one the table does not list, which the timeline then reports); `opening` is the
 * status a customer was entered with (add-customer --status, an import's status, cooperation start and
 * lost date): it says what the facts do not, and gives way to them where they say otherwise.
 */
export interface DecisionFact {
  id: number;
  date: string;
  to: Status;
  kind: 'manual' | 'opening';
  category: ReasonCategory | null;
  reason: string | null;
  by: string;
}

/** A grade decision: an approved application (dated by its last approval) or a review's reclassification. */
export interface GradeFact {
  date: string;
  to: Grade;
  applicationId: number | null;
  reviewId: number | null;
  /** A general manager approved it (SPEC 2.3: no formal VIP without). */
  gmApproved: boolean;
  by: string;
  reason: string | null;
}

/** A corrected place (kehu edit of a wrongly entered province or city): from `date`, this region and serial. */
export interface MoveFact {
  date: string;
  region: string;
  serial: number;
}

export interface CustomerFacts {
  /** The place the customer was entered with (its first code's region and serial). */
  region: string;
  serial: number;
  /** Corrections of the place, each giving a new code from its day; the old codes stay in the code history. */
  moves?: readonly MoveFact[];
  createdOn: string;
  createdBy: string;
  openingGrade: Grade;
  /** The grade it was entered with was A, entered by a general manager: that counts as the confirmation. */
  openingGradeConfirmed: boolean;
  orders: readonly OrderFact[];
  decisions: readonly DecisionFact[];
  grades: readonly GradeFact[];
}

export type StatusCause = 'created' | 'first_order' | 'win_back' | 'auto_loss' | 'decision' | 'opening';

export interface StatusRow {
  date: string;
  from: Status | null;
  to: Status;
  cause: StatusCause;
  orderId: number | null;
  decisionId: number | null;
  by: string;
  category: ReasonCategory | null;
  reason: string | null;
  /** The customer's code at the end of that day (what a report of the day lists it under). */
  code: string;
}

export type GradeCause = 'created' | 'decision' | 'vip_unconfirmed';

export interface GradeRow {
  date: string;
  from: Grade | null;
  to: Grade;
  cause: GradeCause;
  applicationId: number | null;
  reviewId: number | null;
  by: string;
  reason: string | null;
}

export interface CodeRow {
  code: string;
  from: string;
  /** The day the next code took over; null while current. */
  to: string | null;
}

/**
 * Facts that do not sit well together: an order dated while the customer is invalid (it changes nothing),
 * a decision whose change the facts before it make one the table does not list (it stands). Writers
 * refuse the fact being entered when it is one of these; facts entered earlier are reported, never
 * refused, so that the same facts give the same timeline whatever order they came in.
 */
export type Conflict =
  | { kind: 'order_on_invalid'; date: string; orderId: number; invalidSince: string }
  | { kind: 'decision_not_allowed'; date: string; decisionId: number; from: Status; to: Status; since: string };

/**
 * What became of one decision in the timeline. applied: a change the table allows; unusual: a change it
 * does not, standing all the same; redundant: the status it already had; superseded: an opening status
 * the facts say otherwise about.
 */
export type DecisionOutcome = 'applied' | 'unusual' | 'redundant' | 'superseded';

export interface Timeline {
  start: string;
  statuses: StatusRow[];
  grades: GradeRow[];
  codes: CodeRow[];
  status: Status;
  grade: Grade;
  code: string;
  /** The start of the latest cooperation (kept while lost, as the archive shows it). */
  cooperatingSince: string | null;
  lastOrder: string | null;
  /** The order before the last (the same day when two came that day): what a past month's at-risk list needs. */
  previousOrder: string | null;
  /** When lost: the day it was lost. */
  lostDate: string | null;
  /** When cooperating: the day it will count as lost if no order comes (whether or not that is past asOf). */
  lossDue: string | null;
  conflicts: Conflict[];
  decisions: Map<number, { outcome: DecisionOutcome; from: Status }>;
}

type Event =
  | { rank: 0; date: string; id: number; order: OrderFact }
  | { rank: 1; date: string; id: number; decision: DecisionFact }
  | { rank: 2; date: string; id: number; grade: GradeFact }
  | { rank: 3; date: string; id: number; move: MoveFact };

/**
 * Same-day order of facts: orders first, then status decisions (a decision dated D stands against an
 * order of the same day), then grade decisions (decided on the status of that day). An automatic loss
 * due on a day comes before everything of that day: on its lost date the customer is lost, and an order
 * that day wins it back.
 */
function sortEvents(f: CustomerFacts): Event[] {
  const events: Event[] = [];
  for (const o of f.orders) events.push({ rank: 0, date: o.date, id: o.id, order: o });
  for (const d of f.decisions) events.push({ rank: 1, date: d.date, id: d.id, decision: d });
  f.grades.forEach((g, i) => events.push({ rank: 2, date: g.date, id: g.applicationId ?? -(g.reviewId ?? i), grade: g }));
  // A place correction takes effect at the end of its day, after everything else of that day.
  (f.moves ?? []).forEach((m, i) => events.push({ rank: 3, date: m.date, id: i, move: m }));
  events.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.rank - b.rank || a.id - b.id));
  return events;
}

/** The reason written on an automatic loss: what the six months count from. */
export function autoLossReason(lastOrder: string | null, cooperatingSince: string): string {
  const from = lastActivity(lastOrder, cooperatingSince);
  return from === lastOrder ? `最后订货 ${from}` : `合作起始 ${from}`;
}

/**
 * The timeline of one customer from its facts, with automatic losses due on or before `asOf`. Pure:
 * the facts may come in any order; the result depends only on them and asOf.
 */
export function customerTimeline(f: CustomerFacts, asOf: string): Timeline {
  const events = sortEvents(f);
  const first = events[0]?.date;
  const start = first !== undefined && first < f.createdOn ? first : f.createdOn;

  const statuses: StatusRow[] = [];
  const grades: GradeRow[] = [];
  const conflicts: Conflict[] = [];
  const decisions = new Map<number, { outcome: DecisionOutcome; from: Status }>();

  let status: Status = 'b';
  let statusSince = start;
  // Nothing has happened yet: an opening status may still say what the customer started as.
  let untouched = true;
  let cooperatingSince: string | null = null;
  let lastOrder: string | null = null;
  let previousOrder: string | null = null;
  let lostOn: string | null = null;
  let grade: Grade = f.openingGrade;
  let vipConfirmed = f.openingGrade === 'A' && f.openingGradeConfirmed;
  let place = { region: f.region, serial: f.serial };
  // Every change of status, grade or place in the order it happened, for the code history.
  const changes: Change[] = [{ date: start, status, grade, place }];

  grades.push({ date: start, from: null, to: grade, cause: 'created', applicationId: null, reviewId: null, by: f.createdBy, reason: null });
  const createdRow = (): StatusRow => ({ date: start, from: null, to: 'b', cause: 'created', orderId: null, decisionId: null, by: f.createdBy, category: null, reason: null, code: '' });

  // The day the automatic loss falls while cooperating, kept as the facts that move it change.
  let due: string | null = null;
  // Rows are built as literals (a whole file of customers is recomputed by the migration and the check).
  const setStatus = (date: string, to: Status, cause: StatusCause, orderId: number | null, decisionId: number | null, by: string, category: ReasonCategory | null, reason: string | null): void => {
    if (statuses.length === 0 && cause === 'opening' && date === start) {
      // Entered with this status on its first day: that is how it was created.
      statuses.push({ date, from: null, to, cause: 'created', orderId, decisionId, by, category, reason, code: '' });
    } else {
      if (statuses.length === 0) statuses.push(createdRow());
      statuses.push({ date, from: status, to, cause, orderId, decisionId, by, category, reason, code: '' });
    }
    untouched = false;
    if (to === 'a') cooperatingSince = date;
    lostOn = to === 'c' ? date : null;
    status = to;
    statusSince = date;
    due = to === 'a' ? lostDate(lastOrder, date) : null;
    changes.push({ date, status, grade, place });
  };
  const setGrade = (row: Omit<GradeRow, 'from'>): void => {
    grades.push({ date: row.date, from: grade, to: row.to, cause: row.cause, applicationId: row.applicationId, reviewId: row.reviewId, by: row.by, reason: row.reason });
    grade = row.to;
    changes.push({ date: row.date, status, grade, place });
  };
  /** No formal VIP without the general manager: an unconfirmed A that is cooperating is a key customer (B). */
  const checkVip = (date: string): void => {
    if (isFormalVip(grade, status) && !vipConfirmed) {
      setGrade({ date, to: 'B', cause: 'vip_unconfirmed', applicationId: null, reviewId: null, by: SYSTEM_OPERATOR, reason: null });
    }
  };

  /** Records the automatic loss when it falls on or before `date` (and asOf). */
  const lossesUntil = (date: string): void => {
    if (due !== null && due <= date && due <= asOf) setStatus(due, 'c', 'auto_loss', null, null, SYSTEM_OPERATOR, 'no-order-6m', autoLossReason(lastOrder, cooperatingSince!));
  };

  for (const e of events) {
    lossesUntil(e.date);
    if (e.rank === 0) {
      const o = e.order;
      const effect = orderEffect(status);
      if (effect === 'refused') {
        conflicts.push({ kind: 'order_on_invalid', date: o.date, orderId: o.id, invalidSince: statusSince });
        continue;
      }
      // Orders come in date order: each is the last so far.
      previousOrder = lastOrder;
      lastOrder = o.date;
      if (effect !== 'none') {
        setStatus(o.date, 'a', effect.byOrder!, o.id, null, o.by, null, null);
        checkVip(o.date);
      } else {
        due = lostDate(lastOrder, cooperatingSince!);
      }
      untouched = false;
    } else if (e.rank === 1) {
      const d = e.decision;
      const from = status;
      // An opening status applies where nothing has happened yet, or where it only dates the end of a
      // cooperation the facts show; otherwise the facts (orders, decisions) say what the status was.
      const allowed = d.to !== status && transitionRule(status, d.to) !== undefined;
      const opening = d.kind === 'opening' && (untouched || (allowed && d.to === 'c'));
      if (opening && (d.to !== status || d.date === start)) {
        setStatus(d.date, d.to, 'opening', null, d.id, d.by, d.category, d.reason);
        decisions.set(d.id, { outcome: 'applied', from });
        checkVip(d.date);
      } else if (d.to === status || d.kind === 'opening') {
        decisions.set(d.id, { outcome: d.to === status ? 'redundant' : 'superseded', from });
      } else {
        // A manual decision dated D stands.
        if (!allowed) conflicts.push({ kind: 'decision_not_allowed', date: d.date, decisionId: d.id, from: status, to: d.to, since: statusSince });
        setStatus(d.date, d.to, 'decision', null, d.id, d.by, d.category, d.reason);
        decisions.set(d.id, { outcome: allowed ? 'applied' : 'unusual', from });
        checkVip(d.date);
      }
    } else if (e.rank === 3) {
      place = { region: e.move.region, serial: e.move.serial };
      changes.push({ date: e.date, status, grade, place });
    } else {
      const g = e.grade;
      if (g.to !== grade) setGrade({ date: g.date, to: g.to, cause: 'decision', applicationId: g.applicationId, reviewId: g.reviewId, by: g.by, reason: g.reason });
      vipConfirmed = g.to === 'A' && g.gmApproved;
      checkVip(g.date);
    }
  }
  lossesUntil(asOf);
  if (statuses.length === 0) statuses.push(createdRow());
  // Read through a widening: the closures above change these, which the compiler cannot see.
  const final = status as Status;

  const codes = codeHistory(changes);
  // Each change is listed under the code of its day's end: the last code starting on or before it.
  for (let i = 0, k = 0; i < statuses.length; i++) {
    const r = statuses[i]!;
    while (k + 1 < codes.length && codes[k + 1]!.from <= r.date) k++;
    r.code = codes[k]!.code;
  }
  return {
    start,
    statuses,
    grades,
    codes,
    status: final,
    grade,
    code: formatCode(grade, final, place.region, place.serial),
    cooperatingSince,
    lastOrder,
    previousOrder,
    lostDate: final === 'c' ? lostOn : null,
    lossDue: final === 'a' ? due : null,
    conflicts,
    decisions,
  };
}

/**
 * The codes the customer had and when: one interval per stretch of the same grade and status letters,
 * contiguous and in order. A code held for no whole day (lost and won back the same day) is left out.
 */
interface Change {
  date: string;
  status: Status;
  grade: Grade;
  place: { region: string; serial: number };
}

function codeHistory(changes: readonly Change[]): CodeRow[] {
  const out: CodeRow[] = [];
  for (const c of changes) {
    const code = formatCode(c.grade, c.status, c.place.region, c.place.serial);
    let last = out[out.length - 1];
    if (last?.code === code) continue;
    if (last && last.from === c.date) {
      out.pop();
      last = out[out.length - 1];
      if (last?.code === code) {
        last.to = null;
        continue;
      }
    }
    if (last) last.to = c.date;
    out.push({ code, from: c.date, to: null });
  }
  return out;
}

/** The value of a history at a day's end: its last change on or before it; before its start, where it started. */
function valueOn<V>(rows: readonly { date: string; to: V }[], date: string): V {
  let v = rows[0]!.to;
  for (const r of rows) {
    if (r.date > date) break;
    v = r.to;
  }
  return v;
}

/** The status on a day's end by the timeline. Before its start, the status it started with. */
export function statusOn(t: Pick<Timeline, 'statuses'>, date: string): Status {
  return valueOn(t.statuses, date);
}

/**
 * Whether the customer was potential (b) at some time on a day: at its end, or before a change that day
 * (a visit on the day of the first order is still a potential customer's visit, and may give a stage).
 */
export function potentialOn(t: Pick<Timeline, 'statuses'>, date: string): boolean {
  return statusOn(t, date) === 'b' || t.statuses.some((r) => r.date === date && r.from === 'b');
}

/** The grade on a day's end by the timeline. */
export function gradeOn(t: Pick<Timeline, 'grades'>, date: string): Grade {
  return valueOn(t.grades, date);
}

/** The day the latest grade change on or before a date took effect (the start of that grade). */
export function gradeSince(t: Pick<Timeline, 'grades'>, date: string): string | undefined {
  let since: string | undefined;
  for (const r of t.grades) {
    if (r.date > date) break;
    if (r.from !== null) since = r.date;
  }
  return since;
}

