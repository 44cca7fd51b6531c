// The error shapes EventBridge Scheduler answers with. The SDK turns the `x-amzn-errortype` header
// into `error.name` and the JSON `Message` into `error.message`.

export type SchedulerErrorType =
  | 'ConflictException'
  | 'ResourceNotFoundException'
  | 'ValidationException'
  | 'InternalServerException';

const STATUS: Record<SchedulerErrorType, number> = {
  ConflictException: 409,
  ResourceNotFoundException: 404,
  ValidationException: 400,
  InternalServerException: 500,
};

export class SchedulerApiError extends Error {
  readonly status: number;

  constructor(
    readonly type: SchedulerErrorType,
    message: string,
  ) {
    super(message);
    this.name = type;
    this.status = STATUS[type];
  }
}

export const validation = (message: string): SchedulerApiError => new SchedulerApiError('ValidationException', message);
export const conflict = (message: string): SchedulerApiError => new SchedulerApiError('ConflictException', message);
export const notFound = (message: string): SchedulerApiError => new SchedulerApiError('ResourceNotFoundException', message);
