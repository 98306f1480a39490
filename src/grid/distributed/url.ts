/** Queue URLs of distributed grids (no Redis client needed to check them). */
import { InputError } from '../../errors.js';

/** Checks the form of a queue URL: redis://[user:pass@]host[:port][/db] or rediss://. */
export function checkQueueUrl(fn: string, url: unknown): string {
  if (typeof url !== 'string') throw new InputError(`${fn}: queue must be a redis:// URL string, got ${typeof url}`);
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new InputError(`${fn}: queue '${url}' is not a URL; expected redis://host:port/db`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:') {
    throw new InputError(`${fn}: queue '${url}' must start with redis:// or rediss://`);
  }
  const db = u.pathname.replace(/^\//, '');
  if (db !== '' && !/^\d+$/.test(db)) throw new InputError(`${fn}: queue '${url}': the database after the port must be a number, got '${db}'`);
  return url;
}

/** Redis URL without a password, for messages. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url;
  }
}
