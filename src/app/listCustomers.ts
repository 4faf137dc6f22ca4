// kehu list (客户检索目录): customers filtered by grade, status, place, owner, stage, type, source or name.

import { CUSTOMER_TYPES, GRADES, SOURCES, STAGES, STATUSES } from '../core/enums.js';
import { InvalidValue, MissingValue } from '../core/errors.js';
import { nameKey } from '../core/names.js';
import * as store from '../store/customers.js';
import type { AppContext } from './context.js';
import { type CustomerView, customerView } from './customers.js';
import { loadRegionIndex } from './regions.js';
import { limitOf, optionalEnum, optionalText } from './validate.js';

export interface ListInput {
  grade?: string | undefined;
  status?: string | undefined;
  province?: string | undefined;
  city?: string | undefined;
  owner?: string | undefined;
  stage?: string | undefined;
  type?: string | undefined;
  source?: string | undefined;
  name?: string | undefined;
  sort?: string | undefined;
  desc?: boolean | undefined;
  limit?: string | undefined;
}

/** A selection of customers (list, reassign): closed values checked, the province and city resolved to the stored place. */
export function customerFilter(input: Omit<ListInput, 'sort' | 'desc' | 'limit'>): store.CustomerFilter {
  const filter: store.CustomerFilter = {
    grade: optionalEnum(GRADES, input.grade),
    status: optionalEnum(STATUSES, input.status),
    owner: optionalText(input.owner, '--owner', 50),
    type: optionalEnum(CUSTOMER_TYPES, input.type),
    source: optionalEnum(SOURCES, input.source),
    stage: optionalEnum(STAGES, input.stage) === undefined ? undefined : Number(input.stage),
    nameContains: input.name?.trim() ? nameKey(input.name) : undefined,
  };
  if (input.province?.trim() || input.city?.trim()) {
    if (!input.province?.trim()) throw new MissingValue('--province');
    const regions = loadRegionIndex();
    const province = regions.resolveProvince(input.province);
    filter.province = province.abbr;
    if (input.city?.trim()) {
      const place = regions.resolvePlace(province, input.city);
      filter.city = place.city.name;
      if (place.district) filter.district = place.district.name;
    }
  }
  return filter;
}

export function listCustomers(ctx: AppContext, input: ListInput): CustomerView[] {
  return [...customerStream(ctx, input)];
}

/**
 * The customers of a listing one at a time, in SQL's order (kehu list writes each as it is read). The input
 * is checked now, before anything is written; the rows are read as the caller iterates.
 */
export function customerStream(ctx: AppContext, input: ListInput): Iterable<CustomerView> {
  const filter = customerFilter(input);
  const sortKeys = Object.keys(store.SORT_COLUMNS);
  const sort = input.sort ?? 'code';
  if (!sortKeys.includes(sort)) throw new InvalidValue('--sort', sort, sortKeys);
  const limit = limitOf(input.limit);
  return mapRows(store.iterateCustomers(ctx.db, filter, sort as store.SortKey, input.desc ?? false, limit), customerView);
}

function* mapRows<A, B>(rows: Iterable<A>, f: (a: A) => B): Generator<B> {
  for (const r of rows) yield f(r);
}

