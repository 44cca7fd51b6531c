// Every service of the local cloud listens on 127.0.0.1 only: nothing on the developer's network can
// reach the API, the inbox, DynamoDB Local (whose own options have no bind address) or the Scheduler
// emulator.
import { createConnection } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../local/cloud.ts';
import { startTestCloud } from '../support/cloud.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startTestCloud();
}, 120_000);

afterAll(async () => {
  await cloud?.stop();
});

/** This machine's own addresses on its networks (not loopback). */
const outward = Object.values(networkInterfaces())
  .flat()
  .filter((nic) => nic !== undefined && !nic.internal && nic.family === 'IPv4')
  .map((nic) => nic!.address);

function connects(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

const services = () => Object.entries(cloud.urls).map(([name, url]) => [name, Number(new URL(url).port)] as const);

describe('the local cloud', () => {
  it('answers every service on 127.0.0.1', async () => {
    for (const [name, port] of services()) expect([name, await connects('127.0.0.1', port)]).toEqual([name, true]);
  });

  // Skipped only on a machine with no network interface besides loopback: there is nothing to reach it from.
  it.skipIf(outward.length === 0)('answers none of them on the machine\'s network address', async () => {
    const address = outward[0]!;

    for (const [name, port] of services()) expect([name, await connects(address, port)]).toEqual([name, false]);
  });

});
