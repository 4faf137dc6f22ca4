// kehu search TEXT: customers by name, pinyin, code, phone digits, contact, e-mail or address, best first.

import type { Command } from 'commander';
import { appContext, commonOf, renderContext, withCommon } from '../common.js';
import { writeOut } from '../io.js';
import { emitReport, withOut } from '../reportOut.js';
import { renderSearch, writeSearch } from '../views.js';

export function register(program: Command): void {
  const cmd = program
    .command('search')
    .description('find customers by name, pinyin, code, phone, contact, e-mail or address (查找客户)')
    .argument('[text...]', 'a name or part of one, full pinyin or initials, a code or part of one, phone digits, a contact, an e-mail, an address')
    .option('--limit <n>', 'at most n customers (default 20; 0: all)')
    .addHelpText(
      'after',
      `
Best first: the exact code (a former one, or the stable part 粤GZ0001), part of
a code, the exact name, the name's beginning, part of the name, the beginning of
the full pinyin or initials, part of them, then a contact's name, phone, fax or
mobile digits (4 or more; spaces, dashes, brackets and +86 do not matter),
e-mail, address. Each customer once, with the field it was found by.

Examples:
  $ kehu search 天河          (part of a name: 广州市天河电子)
  $ kehu search gzth          (initials; guangzhoutianhe, tianhe: full pinyin)
  $ kehu search 020-8888-1234 --json
  $ kehu search 粤GZ00 --limit 50 --format csv`,
    );
  withOut(withCommon(cmd));
  cmd.action(async (words: string[], o: { limit?: string }, self: Command) => {
    const common = commonOf(self);
    const { search, searchRequest, searchStream } = await import('../../app/search.js');
    // Several words without quotes are one text: kehu search guangzhou tianhe.
    const request = searchRequest({ text: words.length ? words.join(' ') : undefined, limit: o.limit });
    const ctx = await appContext(common, { mustExist: true });
    if (common.out !== undefined) {
      const result = search(ctx, request);
      await emitReport(common, common.out, (rc) => renderSearch(result, rc));
      return;
    }
    const rc = await renderContext(common);
    // JSON, CSV and Markdown are written as the hits are found; the table says when none or more matched.
    if (rc.format === 'table') writeOut(await renderSearch(search(ctx, request), rc));
    else await writeSearch(searchStream(ctx, request), rc);
  });
}
