/** Nested directory tree (WebContainer's FileSystemTree shape) from a flat `path → content` record. */
export interface FileNode {
  file: { contents: string };
}
export interface DirectoryNode {
  directory: Tree;
}
export type Tree = Record<string, FileNode | DirectoryNode>;

export function toTree(files: Record<string, string>): Tree {
  const root: Tree = {};
  for (const [path, contents] of Object.entries(files)) {
    const parts = path.split('/').filter((p) => p !== '' && p !== '.');
    if (parts.length === 0 || parts.includes('..')) throw new Error(`Invalid path in exercise files: ${path}`);
    let dir = root;
    for (const part of parts.slice(0, -1)) {
      const existing = dir[part];
      if (existing && 'file' in existing) throw new Error(`"${part}" is both a file and a folder in the exercise files`);
      const node: DirectoryNode = existing ?? { directory: {} };
      dir[part] = node;
      dir = node.directory;
    }
    dir[parts[parts.length - 1]!] = { file: { contents } };
  }
  return root;
}
