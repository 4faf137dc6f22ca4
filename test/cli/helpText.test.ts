// The text after a command's options, fitted to the terminal (src/cli/help.ts fitText): prose broken for length
// in the command files runs on and wraps once; examples, list items and Chinese paragraphs keep their lines.

import { describe, expect, it } from 'vitest';
import { fitText } from '../../src/cli/help.js';

describe('fitText', () => {
  it('joins prose lines broken near 105 columns into one paragraph and wraps it at the width', () => {
    const text = [
      'The customers owner changes and each change is in the audit log (kehu log) with the old and new owner.',
      'Pending follow-ups belong to the customer owner, so they move with it; the visits keep their handler.',
      'Short line.',
      'Next line after a short one stays on its own.',
    ].join('\n');
    expect(fitText(text, 80).split('\n')).toEqual([
      'The customers owner changes and each change is in the audit log (kehu log) with',
      'the old and new owner. Pending follow-ups belong to the customer owner, so they',
      'move with it; the visits keep their handler. Short line.',
      'Next line after a short one stays on its own.',
    ]);
  });

  it('keeps examples, list items, blank lines and Chinese paragraphs as they are', () => {
    const long = 'A line of prose that is long enough to have been broken for length by its author, near 105 columns.';
    const text = [long, '- an item', long, '', 'Examples:', '  $ kehu grant 粤GZ0001 陈静', '第一段，很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。', '第二段。'].join('\n');
    const out = fitText(text, 120).split('\n');
    expect(out).toEqual([long, '- an item', long, '', 'Examples:', '  $ kehu grant 粤GZ0001 陈静', '第一段，很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长很长。', '第二段。']);
  });
});

describe('fitText with items', () => {
  it('runs an item continued on deeper-indented lines into one, wrapped under its hanging indent', () => {
    const text = [
      '  .xlsx  one sheet per section (概要 summary, each table, 流失趋势 the 12-month trend), each with its title',
      '         above a bold, frozen, filtered header; amounts are numbers shown as ¥#,##0.00, rates numbers shown',
      '         as percentages.',
      '  .csv   short.',
    ].join('\n');
    expect(fitText(text, 80).split('\n')).toEqual([
      '  .xlsx  one sheet per section (概要 summary, each table, 流失趋势 the 12-month',
      '         trend), each with its title above a bold, frozen, filtered header;',
      '         amounts are numbers shown as ¥#,##0.00, rates numbers shown as',
      '         percentages.',
      '  .csv   short.',
    ]);
  });
});
