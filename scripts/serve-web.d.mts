/** Types of scripts/serve-web.mjs (for the TypeScript tests that import it). */
import type { Server } from 'node:http';

export const MIME_TYPES: Record<string, string>;
export const ISOLATION_HEADERS: Record<string, string>;
export interface WebServer {
  server: Server;
  /** `http://127.0.0.1:<port>/` */
  url: string;
  close(): Promise<void>;
}
export function serveWeb(options?: { root?: string; port?: number; host?: string; log?: boolean }): Promise<WebServer>;
