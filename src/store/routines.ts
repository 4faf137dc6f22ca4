// SQL of the weekly follow-up list (客户跟进单) and the monthly catalogue (客户检索目录): each customer's code
// on a day read from the derived code history, so a past period reads as it stood then.

import type { CustomerType } from '../core/enums.js';
import { type Db, isPostgres } from './db.js';
import type { VisitRow } from './activity.js';

/** A customer contacted in a period: how often, its last contact there, and its code at the end of that contact's day. */
export interface ContactedRow {
  customer_id: number;
  contacts: number;
  /** The last contact's number (第 n 次): the latest by time, then by number. */
  seq: number;
  /** The code at the end of the last contact's day: its status letter says whether the customer was potential then. */
  code: string;
}

// The code in force at a day's end: the latest stretch starting on or before it (stretches are contiguous);
// a contact before the first stretch (a visit imported from before the customer was entered) takes the first.
const CODE_ON = (day: string): string => `coalesce(
    (SELECT h.code FROM code_history h WHERE h.customer_id = c.id AND h.valid_from <= ${day} ORDER BY h.valid_from DESC, h.id DESC LIMIT 1),
    (SELECT h.code FROM code_history h WHERE h.customer_id = c.id ORDER BY h.valid_from, h.id LIMIT 1), c.code)`;

/**
 * Every customer with a standing visit (voided ones live apart) on a day from `from` up to, not including,
 * `before`: how many, the last one and the code at the end of its day. `owner` narrows to one owner. Few
 * columns: most customers contacted are not the ones a report keeps, and their details are read after.
 */
export function contactedIn(db: Db, from: string, before: string, owner: string | null): ContactedRow[] {
  return db
    .prepare(
      `WITH period AS (
         SELECT customer_id, count(*) AS contacts, max(visited_at) AS last_at FROM visits
         WHERE visited_at >= @from AND visited_at < @before GROUP BY customer_id
       ), last AS (
         SELECT p.customer_id, p.contacts, p.last_at, (SELECT max(v.seq) FROM visits v WHERE v.customer_id = p.customer_id AND v.visited_at = p.last_at) AS seq
         FROM period p
       )
       SELECT l.customer_id, l.contacts, l.seq, ${CODE_ON('substr(l.last_at, 1, 10)')} AS code
       FROM last l JOIN customers c ON c.id = l.customer_id
       WHERE CAST(@owner AS TEXT) IS NULL OR c.owner = @owner`,
    )
    .all({ from, before, owner }) as ContactedRow[];
}

/** A contact with its customer's archive fields, and the development stage after it. */
export interface ContactDetailRow
  extends Pick<VisitRow, 'customer_id' | 'seq' | 'visited_at' | 'handler' | 'handler_role' | 'contact' | 'summary' | 'key_point' | 'next_step' | 'next_date'> {
  name: string;
  province: string | null;
  city: string | null;
  owner: string | null;
  method: string;
  /** The latest stage any of the customer's visits up to this one gave (null when none did). */
  stage: number | null;
}

/**
 * Some customers' contacts by number, each with its customer's fields and the stage after it. The stage is
 * the latest given up to the contact's time: called for a customer's last contact in a period, no visit of
 * the same minute comes after it, and ids grow with numbers, so the index gives the order.
 */
export function contactDetails(db: Db, contacts: readonly { customer_id: number; seq: number }[]): ContactDetailRow[] {
  if (contacts.length === 0) return [];
  // The (customer, visit number) pairs of a JSON array of pairs, as rows j(customer_id, seq).
  const pairs = (d: Db): string =>
    isPostgres(d)
      ? `(SELECT (p ->> 0)::bigint AS customer_id, (p ->> 1)::bigint AS seq FROM jsonb_array_elements(CAST(? AS jsonb)) AS e(p)) j`
      : `(SELECT value ->> 0 AS customer_id, value ->> 1 AS seq FROM json_each(?)) j`;
  return db
    .prepare(
      `SELECT c.id AS customer_id, c.name, c.province, c.city, c.owner,
         v.seq, v.visited_at, v.method, v.handler, v.handler_role, v.contact, v.summary, v.key_point, v.next_step, v.next_date,
         (SELECT s.stage FROM visits s WHERE s.customer_id = c.id AND s.visited_at <= v.visited_at AND s.stage IS NOT NULL
          ORDER BY s.visited_at DESC, s.id DESC LIMIT 1) AS stage
       FROM ${pairs(db)} JOIN visits v ON v.customer_id = j.customer_id AND v.seq = j.seq JOIN customers c ON c.id = v.customer_id`,
    )
    .all(JSON.stringify(contacts.map((k) => [k.customer_id, k.seq]))) as ContactDetailRow[];
}

/**
 * A customer of the catalogue, as an array (read raw: a hundred thousand objects cost more than the query):
 * its code at the end of the day and its archive fields; the first contact is a decision maker first, then
 * the first entered, with that contact's office phone.
 */
export type CatalogueRow = [
  code: string,
  name: string,
  province: string | null,
  city: string | null,
  type: CustomerType | null,
  owner: string | null,
  phone: string | null,
  contact: string | null,
  contact_phone: string | null,
];

/**
 * Every customer entered by `day`, under the code it had at the end of that day. A customer's code-history
 * stretches are contiguous from the start of its timeline (never after the day it was entered), so its code
 * then is the current one unless a stretch that has ended since holds the day: those few are read first.
 * Rows are yielded one at a time and the few values that repeat (province, city, type, owner) shared, so a
 * hundred thousand rows leave little for the garbage collector to copy: with the whole result read at once,
 * it cost as much as the query.
 */
export function* catalogueOn(db: Db, day: string): Generator<CatalogueRow> {
  const former = new Map(db.prepare('SELECT customer_id, code FROM code_history WHERE valid_to > @day AND valid_from <= @day').raw().all({ day }) as [number, string][]);
  const shared = new Map<string, string>();
  const one = <T extends string | null>(v: T): T => {
    if (v === null) return v;
    const known = shared.get(v);
    if (known !== undefined) return known as T;
    shared.set(v, v);
    return v;
  };
  // The contact: SQLite takes the bare columns of an aggregate's min() from the row that gave it (a decision
  // maker first, then the lowest id), one pass over each customer's contacts with no sort.
  // PostgreSQL has no bare columns: its DISTINCT ON keeps each customer's first contact in that order.
  const rows = db
    .prepare(
      isPostgres(db)
        ? `SELECT DISTINCT ON (c.id) c.id, c.code, c.name, c.province, c.city, c.type, c.owner, c.phone, k.name, k.phone
           FROM customers c LEFT JOIN contacts k ON k.customer_id = c.id
           WHERE c.created_on <= ? ORDER BY c.id, k.is_decision_maker DESC, k.id`
        : `SELECT c.id, c.code, c.name, c.province, c.city, c.type, c.owner, c.phone, k.name, k.phone, min((1 - k.is_decision_maker) * 4294967296 + k.id)
           FROM customers c LEFT JOIN contacts k ON k.customer_id = c.id
           WHERE c.created_on <= ? GROUP BY c.id`,
    )
    .raw()
    .iterate(day) as IterableIterator<[number, string, string, string | null, string | null, CustomerType | null, string | null, string | null, string | null, string | null]>;
  for (const r of rows) yield [former.get(r[0]) ?? r[1], r[2], one(r[3]), one(r[4]), one(r[5]), one(r[6]), r[7], r[8], r[9]];
}
