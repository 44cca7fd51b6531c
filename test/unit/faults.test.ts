// The soak's fault injection: reproducible draws at the asked rate, and a crash that ends the
// invocation at once while the code that sent never takes another step.
import { describe, expect, it } from 'vitest';
import { Faults, SimulatedCrash } from '../../local/faults.ts';

describe('Faults', () => {
  it('happen at about the asked rate, in the same places for the same seed', () => {
    const draws = (seed: number) => {
      const faults = new Faults({ sesThrottle: 0.1 }, seed);
      return Array.from({ length: 10_000 }, () => faults.roll('sesThrottle'));
    };

    const first = draws(7);
    const hits = first.filter(Boolean).length;

    expect(hits).toBeGreaterThan(900);
    expect(hits).toBeLessThan(1100);
    expect(draws(7)).toEqual(first);
    expect(draws(8)).not.toEqual(first);
  });

  it('never happen when their rate is not given, and count what they injected', () => {
    const faults = new Faults({ duplicateDelivery: 1 });

    expect(faults.roll('streamRedelivery')).toBe(false);
    expect(faults.roll('duplicateDelivery')).toBe(true);
    expect(faults.injected).toEqual({ sesThrottle: 0, duplicateDelivery: 1, streamRedelivery: 0, crashAfterSend: 0 });
  });

  it('refuse a rate outside 0 to 1', () => {
    expect(() => new Faults({ sesThrottle: 1.5 })).toThrow('The sesThrottle fault rate must be between 0 and 1; it is 1.5.');
  });

  it('crash an invocation right after its send: it fails, and its code runs no further', async () => {
    const faults = new Faults({ crashAfterSend: 1 });
    const steps: string[] = [];

    const invocation = faults.invoke(async () => {
      steps.push('sent');
      await faults.afterSend('accepted');
      steps.push('marked sent');
    });

    await expect(invocation).rejects.toBeInstanceOf(SimulatedCrash);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(steps).toEqual(['sent']);
  });

  it('do not crash a send made outside an invocation', async () => {
    const faults = new Faults({ crashAfterSend: 1 });

    await expect(faults.afterSend('accepted')).resolves.toBe('accepted');
    expect(faults.injected.crashAfterSend).toBe(0);
  });
});
