import type { Running } from '../support/processes.js';

/** A positive whole number from the environment, or the fallback; anything else stops the bench. */
export function intFromEnv(name: string, fallback: number): number {
  const v = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(v) || v < 1) throw new Error(`${name} must be a positive whole number`);
  return v;
}

/**
 * What a bench must undo (servers, databases, a watchdog), run newest first, once, on success,
 * failure or SIGINT/SIGTERM, so an interrupted run leaves no database or process behind.
 */
export function cleanUpOnExit() {
  const cleanups: (() => Promise<void>)[] = [];
  let cleaning: Promise<void> | null = null;
  const cleanUp = () =>
    (cleaning ??= (async () => {
      for (const fn of cleanups.reverse()) await fn().catch((err: Error) => process.stderr.write(`clean-up: ${err.message}\n`));
    })());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void cleanUp().finally(() => process.exit(130)));
  return { cleanups, cleanUp };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** SIGTERM, then SIGKILL if the process has not exited within 12 s. */
export async function stopProcess(running: Running): Promise<void> {
  if (running.child.exitCode !== null) return;
  running.child.kill('SIGTERM');
  if (!(await Promise.race([running.exited.then(() => true), sleep(12_000).then(() => false)]))) running.child.kill('SIGKILL');
}
