// The local cloud's notion of "now". Everything local (the scheduler emulator, the handlers through
// their clock adapter) reads this one clock, so moving it forward replays weeks of meetings,
// surveys and reminders in seconds.
import { readJsonObject, writeFileAtomically } from './files.ts';

export { writeFileAtomically };

export interface VirtualClockOptions {
  /** Stop time at this instant: `now()` only changes through `set` and `advance`. */
  frozenAt?: Date;
  /** When not frozen: how far ahead of real time (ms, may be negative). @default 0 */
  offsetMs?: number;
  /**
   * JSON file that keeps the frozen instant or the offset, so a restarted local cloud resumes at
   * the time it had reached. When the file exists its content wins over `frozenAt`/`offsetMs`.
   */
  file?: string;
  /** Source of real time, for tests. @default Date.now */
  realNow?: () => number;
}

type ClockState = { mode: 'frozen'; at: number } | { mode: 'offset'; offsetMs: number };

export class VirtualClock {
  private state: ClockState;
  private readonly file: string | undefined;
  private readonly realNow: () => number;
  private lastWrite = Number.NEGATIVE_INFINITY;
  private pendingWrite: NodeJS.Timeout | undefined;

  constructor(options: VirtualClockOptions = {}) {
    this.realNow = options.realNow ?? Date.now;
    this.file = options.file;
    const loaded = this.file === undefined ? undefined : readClockFile(this.file);
    if (loaded !== undefined) {
      this.state = loaded;
    } else {
      this.state =
        options.frozenAt !== undefined
          ? { mode: 'frozen', at: validInstant(options.frozenAt, 'frozenAt') }
          : { mode: 'offset', offsetMs: options.offsetMs ?? 0 };
    }
  }

  /** A clock that stands still at `at` until told otherwise. */
  static frozen(at: Date, options: Omit<VirtualClockOptions, 'frozenAt' | 'offsetMs'> = {}): VirtualClock {
    return new VirtualClock({ ...options, frozenAt: at });
  }

  /** A clock that runs with real time, `offsetMs` ahead of it. */
  static following(offsetMs = 0, options: Omit<VirtualClockOptions, 'frozenAt' | 'offsetMs'> = {}): VirtualClock {
    return new VirtualClock({ ...options, offsetMs });
  }

  now(): Date {
    return new Date(this.nowMs());
  }

  nowMs(): number {
    return this.state.mode === 'frozen' ? this.state.at : this.realNow() + this.state.offsetMs;
  }

  get frozen(): boolean {
    return this.state.mode === 'frozen';
  }

  /** Jumps to `instant`; a running clock keeps running from there. */
  set(instant: Date): void {
    const at = validInstant(instant, 'set');
    this.state = this.state.mode === 'frozen' ? { mode: 'frozen', at } : { mode: 'offset', offsetMs: at - this.realNow() };
    this.persist();
  }

  advance(ms: number): void {
    if (!Number.isFinite(ms)) throw new Error(`VirtualClock.advance needs a finite number of milliseconds, got ${ms}`);
    this.state =
      this.state.mode === 'frozen'
        ? { mode: 'frozen', at: this.state.at + ms }
        : { mode: 'offset', offsetMs: this.state.offsetMs + ms };
    this.persist();
  }

  /** Writes the clock file now, instead of at the end of a burst of changes. */
  flush(): void {
    clearTimeout(this.pendingWrite);
    this.pendingWrite = undefined;
    if (this.file === undefined) return;
    const body: ClockFile =
      this.state.mode === 'frozen'
        ? { frozenAt: new Date(this.state.at).toISOString() }
        : { offsetMs: this.state.offsetMs };
    writeFileAtomically(this.file, `${JSON.stringify(body, null, 2)}\n`);
    this.lastWrite = Date.now();
  }

  /**
   * The scheduler sets the clock once per invocation, tens of thousands of times in a long jump;
   * writing the file each time would dominate the run. So a burst writes at its start and once
   * more at its end. The timer is not unref'd, so a process that ends right after a change still
   * writes it first.
   */
  private persist(): void {
    if (this.file === undefined || this.pendingWrite !== undefined) return;
    const sinceLastWrite = Date.now() - this.lastWrite;
    if (sinceLastWrite >= PERSIST_INTERVAL_MS) {
      this.flush();
      return;
    }
    this.pendingWrite = setTimeout(() => this.flush(), PERSIST_INTERVAL_MS - sinceLastWrite);
  }
}

const PERSIST_INTERVAL_MS = 250;

interface ClockFile {
  frozenAt?: string;
  offsetMs?: number;
}

function readClockFile(file: string): ClockState | undefined {
  const corrupt = (why: string): Error =>
    new Error(`The clock file ${file} is corrupt (${why}). Delete it, or run with --reset, to start the clock afresh.`);
  const parsed = readJsonObject(file, corrupt);
  if (parsed === undefined) return undefined;
  const { frozenAt, offsetMs } = parsed as ClockFile;
  if (typeof frozenAt === 'string') {
    const at = Date.parse(frozenAt);
    if (Number.isNaN(at)) throw corrupt(`frozenAt "${frozenAt}" is not a date`);
    return { mode: 'frozen', at };
  }
  if (typeof offsetMs === 'number' && Number.isFinite(offsetMs)) return { mode: 'offset', offsetMs };
  throw corrupt('expected "frozenAt" (ISO date) or "offsetMs" (number)');
}

function validInstant(date: Date, what: string): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new Error(`VirtualClock ${what}: invalid date`);
  return ms;
}

const UNIT_MS: Record<string, number> = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 7 * 86_400_000,
};

/**
 * Reads a duration such as "35d", "12h", "90m", "2w", "30s", or a combination such as "1d12h",
 * into milliseconds.
 */
export function parseDuration(text: string): number {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  const parts = [...trimmed.matchAll(/(\d+)([smhdw])/g)];
  const consumed = parts.map((part) => part[0]).join('');
  if (trimmed === '' || consumed !== trimmed) {
    throw new Error(
      `Invalid duration ${JSON.stringify(text)}: write a whole number followed by a unit ` +
        `(s seconds, m minutes, h hours, d days, w weeks), for example "35d", "12h", "90m", "2w", "30s" or "1d12h".`,
    );
  }
  return parts.reduce((total, part) => total + Number(part[1]) * (UNIT_MS[part[2] ?? ''] ?? 0), 0);
}
