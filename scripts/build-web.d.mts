/** Types of scripts/build-web.mjs (for the TypeScript tests that import it). */
export interface WebFileSize {
  file: string;
  bytes: number;
  gzip: number;
}
export const WEB_OUT: string;
export const DATASETS: string[];
export function buildWeb(options?: { quiet?: boolean }): Promise<WebFileSize[]>;
