/** `["node", ...flags, entry]` from `<workspaceDir>/Dockerfile`'s last CMD. */
export function containerCommand(workspaceDir: string): Promise<string[]>;
