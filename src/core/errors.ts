// Named domain errors: the core throws these, cli/main.ts turns them into messages and exit codes.

/** Parameters of an error are plain data so the CLI can word them in Chinese or English. */
export type ErrorParams = Record<string, string | number | boolean | string[] | undefined>;

export class DomainError extends Error {
  /** Stable snake_case key, also the `error` field of JSON errors. */
  readonly key: string;
  readonly params: ErrorParams;
  constructor(key: string, message: string, params: ErrorParams = {}) {
    super(message);
    this.name = new.target.name;
    this.key = key;
    this.params = params;
  }
}

/** A usage error: a missing or malformed option value (exit 2). */
export class UsageError extends DomainError {
  constructor(key: string, message: string, params: ErrorParams = {}) {
    super(key, message, params);
  }
}

/** An option that has no meaning with the kind of a command (kehu import all --dry-run). */
export class OptionNotForKind extends UsageError {
  constructor(option: string, kind: string) {
    super('option_not_for_kind', `${option} does not apply to ${kind}`, { option, kind });
  }
}

/** An --out file that cannot be written (a missing or read-only folder …); `code` is the system's (ENOENT …). */
export class OutUnwritable extends UsageError {
  constructor(file: string, code: string) {
    super('out_unwritable', `Cannot write ${file} (${code})`, { file, code });
  }
}

/** `--format html` (or an .html file) asked of a command that cannot write HTML: names it and what it can write. */
export class FormatNotSupported extends UsageError {
  constructor(command: string, format: string, formats: string[]) {
    super('format_not_supported', `${command} cannot write ${format}`, { command, format, formats });
  }
}

export class UnknownProvince extends DomainError {
  constructor(input: string, suggestions: string[]) {
    super('unknown_province', `Unknown province "${input}"`, { input, suggestions });
  }
}

/** A city/county name that is not a known place in the given province. */
export class UnknownPlace extends DomainError {
  constructor(input: string, province: string, suggestions: string[]) {
    super('unknown_place', `"${input}" is not a known city or county in ${province}`, {
      input,
      province,
      suggestions,
    });
  }
}

/** A county or district name shared by several prefectures of one province. */
export class AmbiguousPlace extends DomainError {
  constructor(input: string, province: string, candidates: string[]) {
    super('ambiguous_place', `"${input}" is ambiguous in ${province}`, {
      input,
      province,
      candidates,
    });
  }
}

/** A phrase in both languages, for an error that carries words of its own (the CLI picks one). */
export interface Words {
  zh: string;
  en: string;
}

export class InvalidValue extends UsageError {
  /**
   * `option` is the flag or field name; `allowed` lists accepted values when the set is closed; `hint` says
   * what is expected: a pattern that reads the same in both languages ('YYYY-MM-DD'), or {zh, en} words
   * (params `hint` in English and `hint_zh`, a whole instruction in Chinese).
   */
  constructor(option: string, value: string, allowed?: string[], hint?: string | Words) {
    const words = typeof hint === 'object' ? { hint: hint.en, hint_zh: hint.zh } : { hint };
    super('invalid_value', `Invalid value "${value}" for ${option}`, { option, value, allowed, ...words });
  }
}

export class MissingValue extends UsageError {
  constructor(option: string) {
    super('missing_value', `Missing required ${option}`, { option });
  }
}

export class InvalidCode extends DomainError {
  constructor(input: string) {
    super('invalid_code', `"${input}" is not a customer code`, { input });
  }
}

export class CustomerNotFound extends DomainError {
  /** `current`: the code of the customer whose stable part the input has, when the input is a code it never had. */
  constructor(input: string, current?: string) {
    super('customer_not_found', `No customer with code "${input}"`, current === undefined ? { input } : { input, current });
  }
}

export class DuplicateCustomer extends DomainError {
  constructor(name: string, existingCode: string, existingName: string) {
    super('duplicate_customer', `A customer named "${existingName}" already exists (${existingCode})`, {
      name,
      existing_code: existingCode,
      existing_name: existingName,
    });
  }
}

/**
 * A customer of the same name exists that the session may not see (a server's row-level security, seed 002
 * §8.8): its code is not told; whoever grants access can grant it.
 */
export class HiddenDuplicateCustomer extends DomainError {
  constructor(name: string) {
    super('duplicate_customer_hidden', `A customer named "${name}" already exists, one this session may not see`, { name });
  }
}

export class InvalidTransition extends DomainError {
  constructor(from: string, to: string, allowed: string[]) {
    super('invalid_transition', `Status ${from} → ${to} is not allowed; allowed: ${allowed.join(', ') || 'none'}`, {
      from,
      to,
      allowed,
    });
  }
}

export class UnknownUser extends DomainError {
  /** `option`: '--as' when the name is the operator's (from --as, KEHU_USER or the login name). */
  constructor(name: string, option?: '--as') {
    super('unknown_user', `Unknown user "${name}"`, option ? { name, option } : { name });
  }
}

export class DuplicateUser extends DomainError {
  constructor(name: string) {
    super('duplicate_user', `User "${name}" already exists`, { name });
  }
}

/** What a deactivated user is refused as: the owner of a customer, the handler of a visit, an approver. */
export type UserDuty = 'owner' | 'handler' | 'approver';

/** A deactivated user named for new work (`option` is the flag or column that named them). */
export class UserDeactivated extends DomainError {
  constructor(name: string, since: string, duty: UserDuty, option: string) {
    super('user_deactivated', `User "${name}" was deactivated on ${since} and takes no new work as ${duty} (${option})`, { name, since, duty, option });
  }
}

export class AlreadyDeactivated extends DomainError {
  constructor(name: string, since: string) {
    super('already_deactivated', `User "${name}" was already deactivated on ${since}`, { name, since });
  }
}

/** kehu reassign --to naming the --from owner: nothing would move. */
export class SameOwner extends UsageError {
  constructor(name: string) {
    super('same_owner', `--from and --to are both "${name}"`, { name });
  }
}

/** A kehu reassign --from that names no user (owners are users): the fix is finding the name, not adding it. */
export class UnknownOwner extends DomainError {
  constructor(name: string) {
    super('unknown_owner', `No user named "${name}" (--from)`, { name });
  }
}

/** A grade model file (data/grade-model.json) that breaks the rules: weights must sum to 100, keys unique. */
export class InvalidGradeModel extends DomainError {
  constructor(source: string, problem: string) {
    super('invalid_grade_model', `Invalid grade model ${source}: ${problem}`, { source, problem });
  }
}

/**
 * A quota file (data/quotas.json or --quotas FILE) that breaks its rules: `entry` names where (`quotas[2]
 * potential-visits`, `work_days`), `problem` what (unknown_id, duplicate_id, unknown_period, unknown_role,
 * bad_min, max_below_min, …), `value` the value found.
 */
export class InvalidQuotas extends DomainError {
  constructor(source: string, entry: string, problem: string, value = '') {
    super('invalid_quotas', `Invalid quota file ${source}: ${entry}: ${problem}${value ? ` (${value})` : ''}`, { source, entry, problem, value });
  }
}

/** Factor scores that leave out some factors of the model. */
export class MissingFactors extends UsageError {
  constructor(missing: string[]) {
    super('missing_factors', `Missing factor scores: ${missing.join(', ')}`, { missing });
  }
}

export class ReviewExists extends DomainError {
  constructor(code: string, month: string) {
    super('review_exists', `${code} already has a review for ${month}`, { code, month });
  }
}

export class ReviewOutOfOrder extends DomainError {
  constructor(code: string, month: string, latest: string) {
    super('review_out_of_order', `${code} already has a review for a later month (${latest}) than ${month}`, { code, month, latest });
  }
}

export class ApplicationPending extends DomainError {
  constructor(code: string, id: number) {
    super('application_pending', `${code} already has a pending grade application #${id}`, { code, id });
  }
}

export class ApplicationNotFound extends DomainError {
  constructor(id: string) {
    super('application_not_found', `No grade application #${id}`, { id });
  }
}

export class ApplicationDecided extends DomainError {
  constructor(id: number, status: string) {
    super('application_decided', `Grade application #${id} is already ${status}`, { id, status });
  }
}

/** The user holds none of the roles the application still waits for. */
export class NotAnApprover extends DomainError {
  constructor(name: string, id: number, waiting: string[], holds: string[]) {
    super('not_an_approver', `${name} holds none of the roles application #${id} waits for (${waiting.join(', ')})`, { name, id, waiting, holds });
  }
}

/** On a server, a role that is not an administrator's named another user to act as (--as, KEHU_USER). */
export class ActingAsRefused extends DomainError {
  constructor(session: string, named: string) {
    super('as_refused', `Connected as ${session}, who may not act as ${named} (--as needs the kehu_admin role)`, { session, named });
  }
}

export class AlreadyApproved extends DomainError {
  constructor(name: string, id: number) {
    super('already_approved', `${name} has already decided on application #${id}`, { name, id });
  }
}

/** Image designation (X) of a customer that is already X. */
export class AlreadyImage extends DomainError {
  constructor(code: string) {
    super('already_image', `${code} is already an image customer (X)`, { code });
  }
}

/** An import file that cannot be read as a table: bad JSON, a missing required column, an unknown sheet. */
export class MalformedImport extends DomainError {
  constructor(file: string, reason: string) {
    super('malformed_import', `Cannot read ${file}: ${reason}`, { file, reason });
  }
}

/** Bytes that are not valid in the encoding the file was read with. */
export class WrongEncoding extends DomainError {
  constructor(file: string, encoding: string, offset: number) {
    super('wrong_encoding', `${file} is not valid ${encoding} near byte ${offset}`, { file, encoding, offset });
  }
}

/** An import with bad rows: nothing was written. */
export class ImportRejected extends DomainError {
  constructor(rejected: number, total: number) {
    super('import_rejected', `${rejected} of ${total} rows rejected; nothing was imported`, { rejected, total });
  }
}

/** The same customer, visit or order twice in one import file. */
export class DuplicateInFile extends DomainError {
  constructor(column: string, value: string) {
    super('duplicate_in_file', `${column} "${value}" appears earlier in the same file`, { column, value });
  }
}

/** A visit or order that is already recorded (same customer, date and content). */
export class DuplicateRecord extends DomainError {
  constructor(code: string, date: string) {
    super('duplicate_record', `${code} already has this record on ${date}`, { code, date });
  }
}
