import { customAlphabet } from 'nanoid';

const alphabet = '0123456789abcdefghijklmnopqrstuvwxyz';
const randomId = customAlphabet(alphabet, 12);

/** A fresh, never-reused identifier for an article or a section (`a…` / `s…`). */
export function newNodeId(kind: 'article' | 'section' = 'article'): string {
  return (kind === 'article' ? 'a' : 's') + randomId();
}

/** Whether a string has the shape of an id produced by `newNodeId`. */
export function isNodeId(value: string): boolean {
  return /^[as][0-9a-z]{12}$/.test(value);
}
