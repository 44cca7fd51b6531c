// The local EventBridge Scheduler: `new SchedulerEmulator({ clock, invoke, dataFile })`, then
// `listen(8010)` for the SDK and `runUntil(date)` to fire what is due.
export { SchedulerEmulator, fillContextAttributes } from './emulator.ts';
export type { EmulatorClock, SchedulerEmulatorOptions } from './emulator.ts';
export { SchedulerApiError } from './errors.ts';
export type { SchedulerErrorType } from './errors.ts';
export { ExpressionError, formatScheduledTime, nextOccurrence, parseScheduleExpression } from './expressions.ts';
export type { OccurrenceWindow, ScheduleExpression } from './expressions.ts';
export { NonRetryableError } from './model.ts';
export type { DeadLetter, Fired, InvokeTarget, ScheduleOverview } from './model.ts';
export { DEFAULT_GROUP } from './service.ts';
