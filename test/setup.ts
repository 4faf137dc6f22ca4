// Shared by every test file (vitest.config.ts setupFiles).
import { afterEach } from 'vitest';

// End-to-end tests block their worker with spawnSync for seconds at a time: give it a turn of the event
// loop between tests to answer the runner's messages, or a file running longer than a minute ends with a
// spurious "Timeout calling onTaskUpdate" that fails the whole run.
afterEach(() => new Promise<void>((resolve) => setImmediate(resolve)));
