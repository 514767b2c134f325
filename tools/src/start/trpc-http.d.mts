export function query(url: string, path: string, input: unknown): Promise<unknown>;
export function mutate(url: string, path: string, input: unknown): Promise<unknown>;
