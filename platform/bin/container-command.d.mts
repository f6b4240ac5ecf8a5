/** `["node", ...flags, entry]` from `<workspaceDir>/Dockerfile`'s last CMD. */
export function containerCommand(workspaceDir: string): Promise<string[]>;
/** The Node major of `<workspaceDir>/Dockerfile`'s base image (`FROM node:24-…`). */
export function containerNodeMajor(workspaceDir: string): Promise<number>;
