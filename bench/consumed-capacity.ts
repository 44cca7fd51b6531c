// What the handlers' DynamoDB calls cost, in request units, from DynamoDB's own ConsumedCapacity:
// a middleware asks every call for it (ReturnConsumedCapacity: TOTAL) and adds it up per label (the
// function running). DynamoDB Local reports it like DynamoDB, with two gaps filled in from item
// sizes, by DynamoDB's rules: a transactional write is charged 2 units per KB of each item (Local
// charges the transaction's items as if they were one), and a write refused by its condition is
// still charged (Local reports nothing for it).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface Units {
  calls: number;
  read: number;
  write: number;
}

type Input = Record<string, unknown>;
interface Capacity {
  CapacityUnits?: number;
}

const READS = new Set(['GetItemCommand', 'QueryCommand', 'ScanCommand', 'BatchGetItemCommand', 'TransactGetItemsCommand']);
const WRITES = new Set(['PutItemCommand', 'UpdateItemCommand', 'DeleteItemCommand', 'BatchWriteItemCommand', 'TransactWriteItemsCommand']);
const KB = 1024;

export class ConsumedCapacity {
  private readonly totals = new Map<string, Units>();

  /** Adds the middleware to `client` (a document client shares its client's middleware stack). */
  attach(client: DynamoDBDocumentClient, label: () => string): void {
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const command = context.commandName ?? '';
        if (!READS.has(command) && !WRITES.has(command)) return next(args);
        const input = { ...(args.input as Input), ReturnConsumedCapacity: 'TOTAL' };
        const units = this.of(label());
        units.calls += 1;
        try {
          const result = await next({ ...args, input });
          const reported = (result.output as { ConsumedCapacity?: Capacity | Capacity[] }).ConsumedCapacity;
          const total = [reported ?? []].flat().reduce((sum, c) => sum + (c.CapacityUnits ?? 0), 0);
          if (READS.has(command)) units.read += total;
          else units.write += command === 'TransactWriteItemsCommand' ? transactionUnits(input) : total;
          return result;
        } catch (error) {
          if ((error as Error).name === 'ConditionalCheckFailedException') units.write += writeUnits(command, input);
          if ((error as Error).name === 'TransactionCanceledException') units.write += transactionUnits(input);
          throw error;
        }
      },
      { step: 'initialize', name: 'benchConsumedCapacity' },
    );
  }

  /** Units per label since the last reset, and their sum under `total`. */
  snapshot(): Record<string, Units> {
    const all: Record<string, Units> = {};
    const total: Units = { calls: 0, read: 0, write: 0 };
    for (const [label, units] of this.totals) {
      all[label] = { ...units };
      total.calls += units.calls;
      total.read += units.read;
      total.write += units.write;
    }
    return { ...all, total };
  }

  reset(): void {
    this.totals.clear();
  }

  private of(label: string): Units {
    let units = this.totals.get(label);
    if (!units) this.totals.set(label, (units = { calls: 0, read: 0, write: 0 }));
    return units;
  }
}

/** A write refused by its condition: a Put is charged for its item, an Update or Delete for 1 KB. */
function writeUnits(command: string, input: Input): number {
  return command === 'PutItemCommand' ? Math.max(1, Math.ceil(itemBytes(input.Item) / KB)) : 1;
}

function transactionUnits(input: Input): number {
  const items = (input.TransactItems ?? []) as { Put?: { Item?: unknown } }[];
  return items.reduce((sum, item) => sum + 2 * Math.max(1, Math.ceil(itemBytes(item.Put?.Item) / KB)), 0);
}

/** An item's size as DynamoDB counts it: its attribute names plus their values. */
export function itemBytes(item: unknown): number {
  return Object.entries(item ?? {}).reduce((sum, [name, value]) => sum + Buffer.byteLength(name) + valueBytes(value), 0);
}

/** Numbers are approximated (DynamoDB stores about one byte per two digits); maps and lists add 3 bytes and 1 per element. */
function valueBytes(value: unknown): number {
  if (typeof value === 'string') return Buffer.byteLength(value);
  if (typeof value === 'number') return Math.ceil(String(value).replace(/[-.]/g, '').length / 2) + 1;
  if (Array.isArray(value)) return 3 + value.reduce((sum: number, v) => sum + 1 + valueBytes(v), 0);
  if (typeof value === 'object' && value !== null) return 3 + Object.keys(value).length + itemBytes(value);
  return 1;
}
