// The one source of "now" for handlers. In Lambda it is the system clock; the local cloud points it
// at its virtual clock so that advancing time there is what every handler sees.
type Source = () => Date;

let source: Source = () => new Date();

export const clock = {
  now: (): Date => source(),
};

export function useClockSource(next: Source): void {
  source = next;
}
