// Types of build-stamp.mjs, for the TypeScript tests that import it.
export interface Stamp {
  inputs: string[];
  files: Record<string, string>;
}
export interface StaleSource {
  path: string;
  change: 'changed' | 'added' | 'removed';
}
export const STAMP_FILE: string;
export const STAMP_INPUTS: readonly string[];
export function sourceDigests(root: string): Record<string, string>;
export function writeStamp(distDir: string, digests: Record<string, string>): void;
export function readStamp(distDir: string): Stamp | undefined;
export function staleSources(root: string, stamp: Stamp): StaleSource[];
