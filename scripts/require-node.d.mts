// Types for require-node.mjs (plain JavaScript so that it runs on any Node).
export function satisfies(version: string, range: string): boolean;
export function nodeRange(packageJsonText?: string): string;
export function nodeProblem(version?: string, range?: string): string | null;
