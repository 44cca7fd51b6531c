// Reads the table's stream from DynamoDB Local and hands the records to the stream handler in the
// Lambda event shape, as an event source mapping with ReportBatchItemFailures would: a reported
// failure redelivers from that record on; after `maxRetries` the batch goes to the failure list.
import { DescribeTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { existsSync, readFileSync } from 'node:fs';
import { writeFileAtomically } from './files.ts';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;

export interface StreamFailure {
  at: string;
  sequenceNumbers: string[];
  error: string;
}

export interface StreamPollerOptions {
  dynamo: DynamoDBClient;
  streams: DynamoDBStreamsClient;
  tableName: string;
  handler: StreamHandler;
  batchSize?: number;
  maxRetries?: number;
  /** File that keeps the position per shard so a restart resumes where it stopped. */
  checkpointFile?: string;
  region?: string;
}

interface ShardState {
  iterator?: string;
  done: boolean;
}

export class StreamPoller {
  private streamArn: string | undefined;
  private readonly shards = new Map<string, ShardState>();
  private checkpoints: Record<string, string> = {};
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  readonly failures: StreamFailure[] = [];

  constructor(private options: StreamPollerOptions) {
    if (options.checkpointFile && existsSync(options.checkpointFile)) {
      this.checkpoints = JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Record<string, string>;
    }
  }

  static clientFor(endpoint: string, credentials: { accessKeyId: string; secretAccessKey: string }): DynamoDBStreamsClient {
    return new DynamoDBStreamsClient({ endpoint, region: 'us-east-1', credentials });
  }

  /** Polls in the background every `intervalMs` until stopped. */
  start(intervalMs = 500): void {
    const tick = () => {
      this.pollOnce()
        .catch((error: unknown) => console.error(`stream poller: ${String(error)}`))
        .finally(() => {
          if (this.timer) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, intervalMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** Delivers everything available now; resolves with the number of records delivered. */
  pollOnce(): Promise<number> {
    // One poll at a time: the background loop and an explicit drain share it.
    this.running ??= this.poll().finally(() => (this.running = undefined));
    return this.running;
  }

  /**
   * Moves past everything in the stream now without delivering it: for history written in bulk
   * (the demo company's past year), which is not news to react to.
   */
  async skipToLatest(): Promise<number> {
    const handler = this.options.handler;
    let skipped = 0;
    this.options.handler = async (event) => {
      skipped += event.Records.length;
    };
    try {
      await this.drain(1000);
    } finally {
      this.options.handler = handler;
    }
    return skipped;
  }

  /** Polls until a poll finds nothing new (the stream has caught up). */
  async drain(maxRounds = 50): Promise<number> {
    let total = 0;
    for (let round = 0; round < maxRounds; round++) {
      const delivered = await this.pollOnce();
      total += delivered;
      if (delivered === 0) return total;
    }
    return total;
  }

  private async poll(): Promise<number> {
    const streamArn = await this.currentStreamArn();
    if (!streamArn) return 0;
    const { StreamDescription } = await this.options.streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    let delivered = 0;
    for (const shard of orderParentsFirst(StreamDescription?.Shards ?? [])) {
      delivered += await this.pollShard(streamArn, shard);
    }
    return delivered;
  }

  private async pollShard(streamArn: string, shard: Shard): Promise<number> {
    const id = shard.ShardId;
    if (!id) return 0;
    const state = this.shards.get(id) ?? { done: false };
    this.shards.set(id, state);
    if (state.done) return 0;
    if (!state.iterator) {
      const after = this.checkpoints[id];
      const { ShardIterator } = await this.options.streams.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: id,
          ...(after
            ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after }
            : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      state.iterator = ShardIterator;
    }
    let delivered = 0;
    while (state.iterator) {
      const page = await this.options.streams.send(
        new GetRecordsCommand({ ShardIterator: state.iterator, Limit: this.options.batchSize ?? 100 }),
      );
      const records = page.Records ?? [];
      if (records.length > 0) {
        await this.deliver(streamArn, id, records);
        delivered += records.length;
      }
      state.iterator = page.NextShardIterator;
      if (!state.iterator) state.done = true;
      if (records.length === 0) break;
    }
    return delivered;
  }

  private async deliver(streamArn: string, shardId: string, records: _Record[]): Promise<void> {
    let pending = records;
    for (let attempt = 0; pending.length > 0; attempt++) {
      let failedFrom: number;
      let error = '';
      try {
        const result = await this.options.handler({ Records: pending.map((r) => toLambdaRecord(r, streamArn, this.options.region)) });
        const failed = new Set((result?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        failedFrom = pending.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? ''));
        error = 'reported as a batch item failure';
      } catch (thrown) {
        failedFrom = 0;
        error = String(thrown);
      }
      const succeeded = failedFrom === -1 ? pending : pending.slice(0, failedFrom);
      const last = succeeded.at(-1)?.dynamodb?.SequenceNumber;
      if (last) this.checkpoint(shardId, last);
      if (failedFrom === -1) return;
      pending = pending.slice(failedFrom);
      if (attempt >= (this.options.maxRetries ?? 3)) {
        // Like an on-failure destination: record what could not be processed and move past it.
        this.failures.push({
          at: new Date().toISOString(),
          sequenceNumbers: pending.map((r) => r.dynamodb?.SequenceNumber ?? '?'),
          error,
        });
        const lastPending = pending.at(-1)?.dynamodb?.SequenceNumber;
        if (lastPending) this.checkpoint(shardId, lastPending);
        return;
      }
    }
  }

  private checkpoint(shardId: string, sequenceNumber: string): void {
    this.checkpoints[shardId] = sequenceNumber;
    const file = this.options.checkpointFile;
    if (!file) return;
    writeFileAtomically(file, JSON.stringify(this.checkpoints));
  }

  private async currentStreamArn(): Promise<string | undefined> {
    if (!this.streamArn) {
      const { Table } = await this.options.dynamo.send(new DescribeTableCommand({ TableName: this.options.tableName }));
      this.streamArn = Table?.LatestStreamArn;
    }
    return this.streamArn;
  }
}

function orderParentsFirst(shards: Shard[]): Shard[] {
  const ids = new Set(shards.map((s) => s.ShardId));
  const ordered: Shard[] = [];
  const placed = new Set<string | undefined>();
  let remaining = shards;
  while (remaining.length > 0) {
    const ready = remaining.filter((s) => !s.ParentShardId || !ids.has(s.ParentShardId) || placed.has(s.ParentShardId));
    if (ready.length === 0) return [...ordered, ...remaining];
    for (const shard of ready) {
      ordered.push(shard);
      placed.add(shard.ShardId);
    }
    remaining = remaining.filter((s) => !placed.has(s.ShardId));
  }
  return ordered;
}

/** The record as Lambda delivers it (creation time in epoch seconds, the event source ARN). */
function toLambdaRecord(record: _Record, streamArn: string, region = 'us-east-1'): DynamoDBRecord {
  const dynamodb = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    eventSourceARN: streamArn,
    dynamodb: {
      ...dynamodb,
      ApproximateCreationDateTime: dynamodb.ApproximateCreationDateTime
        ? Math.floor(dynamodb.ApproximateCreationDateTime.getTime() / 1000)
        : undefined,
    } as DynamoDBRecord['dynamodb'],
  };
}
