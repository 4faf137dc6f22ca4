// Ctrl-C at a prompt, in a real terminal (tmux): 已取消 / Cancelled on stderr and exit 130, nothing written.

import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { BIN, tempDbPath } from '../helpers.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const tmux = (...args: string[]): string => execFileSync('tmux', args, { encoding: 'utf8' });

/** Runs kehu in an 80-column tmux window, waits for `prompt`, presses Ctrl-C, and returns the screen. */
async function interrupt(args: string[], lang: 'zh' | 'en', prompt: string): Promise<string> {
  const session = `kehu-cancel-${process.pid}-${lang}`;
  const db = tempDbPath();
  const cmd = `env KEHU_DB=${db} KEHU_USER=张敏 LANG=${lang === 'zh' ? 'zh_CN' : 'en_US'}.UTF-8 ${process.execPath} ${BIN} ${args.join(' ')}; echo EXIT=$?; sleep 30`;
  tmux('new-session', '-d', '-s', session, '-x', '80', '-y', '20', cmd);
  try {
    let screen = '';
    for (let i = 0; i < 100 && !screen.includes(prompt); i++) {
      await sleep(100);
      screen = tmux('capture-pane', '-p', '-t', session);
    }
    expect(screen).toContain(prompt);
    tmux('send-keys', '-t', session, 'C-c');
    for (let i = 0; i < 100 && !screen.includes('EXIT='); i++) {
      await sleep(100);
      screen = tmux('capture-pane', '-p', '-t', session);
    }
    return screen;
  } finally {
    tmux('kill-session', '-t', session);
  }
}

describe('Ctrl-C at a prompt', () => {
  it('prints 已取消 and exits 130 in Chinese', async () => {
    const screen = await interrupt(['add-customer'], 'zh', '单位名称');
    expect(screen).toMatch(/^已取消$/m);
    expect(screen).toMatch(/^EXIT=130$/m);
    expect(screen).not.toMatch(/错误|User force closed/);
  });

  it('prints Cancelled and exits 130 in English', async () => {
    const screen = await interrupt(['add-customer'], 'en', 'Customer name');
    expect(screen).toMatch(/^Cancelled$/m);
    expect(screen).toMatch(/^EXIT=130$/m);
    expect(screen).not.toMatch(/Error|User force closed/);
  });
});
