/**
 * Redis connections of a distributed grid (ioredis, as BullMQ uses). `connectRedis`
 * first proves the server answers (PING) within `timeoutMs` with a connection that
 * never retries, so a wrong or unreachable URL fails fast and names the URL; only then
 * does it open the long-lived connection BullMQ needs (retrying forever on later
 * network trouble, `maxRetriesPerRequest: null` as BullMQ's workers require).
 */
import { Redis } from 'ioredis';
import { checkQueueUrl, shownUrl } from './url.js';

/** Default time to reach Redis before giving up (ms). */
export const CONNECT_TIMEOUT_MS = 5000;

/** An error reaching Redis: the URL and the cause. The CLI maps it to exit code 1. */
export class QueueUnreachable extends Error {
  override name = 'QueueUnreachable';
}

/**
 * A connection to `url` that BullMQ can use, after a PING answered within `timeoutMs`.
 * Rejects with QueueUnreachable naming the URL otherwise.
 */
export async function connectRedis(fn: string, url: string, timeoutMs = CONNECT_TIMEOUT_MS): Promise<Redis> {
  checkQueueUrl(fn, url);
  const probe = new Redis(url, {
    lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false,
    retryStrategy: () => null, reconnectOnError: () => false,
  });
  probe.on('error', () => {}); // reported through the rejected connect below
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      probe.connect().then(() => probe.ping()),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
      }),
    ]);
  } catch (e) {
    throw new QueueUnreachable(`${fn}: cannot reach Redis at ${shownUrl(url)}: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    clearTimeout(timer);
    probe.disconnect();
  }
  const redis = new Redis(url, { maxRetriesPerRequest: null, connectTimeout: timeoutMs });
  redis.on('error', () => {}); // ioredis reconnects by itself; BullMQ surfaces lasting failures
  return redis;
}
