// Every service of the local cloud listens on 127.0.0.1 only: nothing on the developer's network can
// reach the API, the inbox, DynamoDB Local (whose own options have no bind address) or the Scheduler
// emulator. The kernel's own table of listening sockets says where each one listens, so the test
// sends nothing to any address but loopback.
import { createConnection } from 'node:net';
import { readFileSync } from 'node:fs';
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

const LISTEN = '0A';
const LOOPBACK_V4 = '0100007F';
const LOOPBACK_V6 = '00000000000000000000000001000000';
const MAPPED_LOOPBACK_V6 = '0000000000000000FFFF00000100007F';

/** The addresses (as /proc/net spells them) on which something listens on `port`, IPv4 and IPv6. */
function listeningAddresses(port: number): string[] {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .slice(1)
      .map((line) => line.trim().split(/\s+/))
      .filter((cols) => cols[3] === LISTEN && cols[1]?.endsWith(`:${hexPort}`))
      .map((cols) => cols[1]?.split(':')[0] ?? ''),
  );
}

const services = () => Object.entries(cloud.urls).map(([name, url]) => [name, Number(new URL(url).port)] as const);

describe('the local cloud', () => {
  it('answers every service on 127.0.0.1', async () => {
    for (const [name, port] of services()) expect([name, await connects('127.0.0.1', port)]).toEqual([name, true]);
  });

  it.runIf(process.platform === 'linux')('listens on loopback only, never on every interface', () => {
    for (const [name, port] of services()) {
      const addresses = listeningAddresses(port);
      expect([name, addresses.length > 0]).toEqual([name, true]);
      expect([name, addresses.filter((a) => ![LOOPBACK_V4, LOOPBACK_V6, MAPPED_LOOPBACK_V6].includes(a))]).toEqual([name, []]);
    }
  });
});
