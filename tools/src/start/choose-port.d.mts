export function choosePort(preferred: number, host?: string): Promise<{ port: number; taken: boolean }>;
