import { freePort } from './free-port.ts';

/** `count` different free loopback ports (one `freePort()` each could hand out the same one twice). */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  for (let attempts = 0; ports.size < count; attempts += 1) {
    if (attempts > count * 20) throw new Error(`could not find ${count} different free ports`);
    ports.add(await freePort());
  }
  return [...ports];
}
