// kehu contact add|edit|remove (联系人, seeds 000 and 001): a customer's contacts, the insider (内线) and
// the key decision maker's profile, each change logged with its old and new values. A removed contact is
// gone from the archive and stays in the log with everything it held.

import { DomainError } from '../core/errors.js';
import { CONTACT_FIELDS, type ContactRow, contactsOf, deleteContact, updateContact } from '../store/customers.js';
import { audit, auditChanges, snapshot } from './audit.js';
import { type ContactInput, validateContact, validateContactChanges } from './addCustomer.js';
import type { AppContext } from './context.js';
import { type ContactView, contactView, findCustomer } from './customers.js';
import { NothingToEdit } from './editCustomer.js';
import { recordContact } from './record.js';
import { factTx } from './timeline.js';
import { optionalText, writeDate } from './validate.js';

export class ContactNotFound extends DomainError {
  constructor(code: string, input: string, names: string[]) {
    super('contact_not_found', `${code} has no contact "${input}"`, { code, input, names });
  }
}

export class AmbiguousContact extends DomainError {
  constructor(code: string, input: string, ids: number[]) {
    super('ambiguous_contact', `${code} has several contacts named "${input}"`, { code, input, ids: ids.map((i) => `#${i}`) });
  }
}

/** kehu contact names the options plainly (add-customer prefixes them with --contact-). */
const OPTIONS = { name: 'NAME', phone: '--phone', email: '--email', notes: '--notes' } as const;

export interface ContactResult {
  code: string;
  name: string;
  action: 'add' | 'edit' | 'remove';
  contact: ContactView;
  /** For an edit: each field changed, with its old and new value. */
  changes: { field: string; old: unknown; new: unknown }[];
}

/** A contact of the customer by its number (#2 or 2) or its exact name. */
export function findContact(contacts: readonly ContactRow[], code: string, input: string): ContactRow {
  const t = input.trim().replace(/^#/, '');
  if (/^\d+$/.test(t)) {
    const byId = contacts.find((c) => c.id === Number(t));
    if (byId) return byId;
  }
  const named = contacts.filter((c) => c.name === input.trim());
  if (named.length > 1) throw new AmbiguousContact(code, input.trim(), named.map((c) => c.id));
  if (named.length === 0) throw new ContactNotFound(code, input.trim(), contacts.map((c) => `#${c.id} ${c.name}`));
  return named[0]!;
}

export function addContact(ctx: AppContext, code: string, input: ContactInput & { date?: string | undefined }): ContactResult {
  const fields = validateContact(input, 0, OPTIONS);
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, code);
    const id = recordContact(ctx, c.id, fields, date);
    const row = contactsOf(ctx.db, c.id).find((x) => x.id === id)!;
    return { code: c.code, name: c.name, action: 'add', contact: contactView(row), changes: [] };
  });
}

export function editContact(ctx: AppContext, code: string, which: string, input: ContactInput & { date?: string | undefined }): ContactResult {
  const changes = validateContactChanges(input, 0, { ...OPTIONS, name: '--name' });
  if (Object.keys(changes).length === 0) throw new NothingToEdit(`${code} ${which}`);
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, code);
    const before = findContact(contactsOf(ctx.db, c.id), c.code, which);
    const changed = auditChanges(ctx, { customerId: c.id, entity: 'contact', key: before.id, date }, before as unknown as Record<string, unknown>, changes);
    updateContact(ctx.db, before.id, changes);
    const after = contactsOf(ctx.db, c.id).find((x) => x.id === before.id)!;
    const b = before as unknown as Record<string, unknown>;
    const a = after as unknown as Record<string, unknown>;
    return { code: c.code, name: c.name, action: 'edit', contact: contactView(after), changes: changed.map((f) => ({ field: f, old: b[f] ?? null, new: a[f] ?? null })) };
  });
}

export function removeContact(ctx: AppContext, code: string, which: string, input: { reason?: string | undefined; date?: string | undefined } = {}): ContactResult {
  const reason = optionalText(input.reason, '--reason', 500) ?? null;
  const date = writeDate(ctx, input.date);
  return factTx(ctx, () => {
    const c = findCustomer(ctx, code);
    const gone = findContact(contactsOf(ctx.db, c.id), c.code, which);
    audit(ctx, { customerId: c.id, entity: 'contact', key: gone.id, action: 'remove', old: snapshot(gone as unknown as Record<string, unknown>, CONTACT_FIELDS), reason, date });
    deleteContact(ctx.db, gone.id);
    return { code: c.code, name: c.name, action: 'remove', contact: contactView(gone), changes: [] };
  });
}
