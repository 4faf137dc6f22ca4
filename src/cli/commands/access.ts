// kehu grant / revoke / grants (seed 002 §8.8): who sees a customer beyond its owner and whoever entered it,
// and the regions a sales or market manager answers for. A PostgreSQL server enforces them.

import type { Command } from 'commander';
import type { AccessInput, AccessResult, GrantRow } from '../../app/access.js';
import type { Lang } from '../../core/enums.js';
import { appContext, commonOf, renderContext, withCommon } from '../common.js';
import { writeOut } from '../io.js';
import { type Column, renderRows } from '../output.js';
import { emitReport, withOut } from '../reportOut.js';

const VISIBILITY = `
Who sees what is enforced on a PostgreSQL server (row-level security, also for psql): an administrator and
the general manager see every customer; everyone else the customers they own or entered, those granted to
them, and every customer of a region granted to them. A SQLite file has no identities: there the grants are
recorded, and travel with the archive, but everyone who opens the file sees everything.`;

function done(r: AccessResult, lang: Lang): string {
  const zh = lang === 'zh';
  const what = r.region ?? `${r.code} ${r.name}`;
  if (r.action === 'grant') return zh ? `已授权 ${r.user} 查阅：${what}\n` : `${r.user} may now see: ${what}\n`;
  return zh ? `已收回 ${r.user} 的查阅权限：${what}\n` : `${r.user} may no longer see (unless they own or entered it): ${what}\n`;
}

function grantColumns(lang: Lang): Column<GrantRow>[] {
  const zh = lang === 'zh';
  return [
    { key: 'grantee', header: zh ? '用户' : 'User' },
    { key: 'region', header: zh ? '区域' : 'Region' },
    // A customer granted to someone that this session does not see (a server's row-level security).
    { key: 'code', header: zh ? '客户代码' : 'Code', cell: (g) => (g.customer_id !== null && g.code === null ? (zh ? '（无权查阅）' : '(not visible)') : g.code) },
    { key: 'name', priority: 3, header: zh ? '单位名称' : 'Name' },
    { key: 'granted_by', priority: 2, header: zh ? '授权人' : 'Granted by' },
    { key: 'date', priority: 1, header: zh ? '日期' : 'Date' },
  ];
}

function action(kind: 'grant' | 'revoke') {
  return async (code: string | undefined, user: string | undefined, o: { region?: string }, self: Command): Promise<void> => {
    const common = commonOf(self);
    // With --region the one argument given is the user: kehu grant --region 粤GZ 刘洋.
    const input: AccessInput = o.region !== undefined && user === undefined ? { region: o.region, user: code } : { code, user, region: o.region };
    const app = await import('../../app/access.js');
    const r = (kind === 'grant' ? app.grantAccess : app.revokeAccess)(await appContext(common), input);
    const rc = await renderContext(common);
    writeOut(rc.format === 'json' ? JSON.stringify(r, null, 2) + '\n' : done(r, rc.lang));
  };
}

export function register(program: Command): void {
  const sides = [
    {
      kind: 'grant' as const,
      description: 'let a user see a customer (a market or general manager), or give a sales or market manager a region (seed 002 §8.8)',
      user: 'who may see it: a known, active user',
      region: 'a region instead of a customer: a province, a city or a country (粤, 粤GZ, JP)',
      after: `${VISIBILITY}
Only a market manager, the general manager or an administrator grants (--as on a file). A region goes to a
sales or market manager: every customer whose code's region starts with it.

Examples:
  $ kehu grant Aa-粤GZ0001 陈静
  $ kehu grant --region 粤GZ 刘洋
  $ kehu grant 粤GZ0001 陈静 --as 赵雪 --json`,
    },
    {
      kind: 'revoke' as const,
      description: 'take back a customer or a region granted to a user (kehu grant)',
      user: 'the user it was granted to',
      region: 'a region instead of a customer',
      after: `
The grant's row goes and the audit log keeps both (kehu log). The user still sees customers they own or
entered.

Examples:
  $ kehu revoke Aa-粤GZ0001 陈静
  $ kehu revoke --region 粤GZ 刘洋`,
    },
  ];
  for (const side of sides) {
    const cmd = program
      .command(side.kind)
      .description(side.description)
      .argument('[code]', 'the customer (code, former code or 粤GZ0001); with --region, omit it')
      .argument('[user]', side.user)
      .option('--region <region>', side.region)
      .addHelpText('after', side.after);
    withCommon(cmd);
    cmd.action(action(side.kind));
  }

  const list = program
    .command('grants')
    .description('list the customers and regions granted to users (kehu grant)')
    .argument('[user]', "only this user's grants")
    .addHelpText('after', `${VISIBILITY}\n\nExamples:\n  $ kehu grants\n  $ kehu grants 陈静 --json`);
  withOut(withCommon(list));
  list.action(async (user: string | undefined, _o: unknown, self: Command) => {
    const common = commonOf(self);
    const { listAccess } = await import('../../app/access.js');
    const rows = listAccess(await appContext(common), user);
    await emitReport(common, common.out, async (rc) => {
      if (rc.format === 'table' && rows.length === 0) return rc.lang === 'zh' ? '没有授权。\n' : 'No grants.\n';
      return renderRows(rows, rc.format === 'table' ? grantColumns(rc.lang) : grantColumns(rc.lang).map((c) => ({ key: c.key })), rc);
    });
  });
}
