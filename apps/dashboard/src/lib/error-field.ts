/** The input field an API error names (`error.data.field`, set by the router's formatter), if any. */
export function errorField(error: unknown): { field?: string; allowed?: string; message: string } {
  const message = error instanceof Error ? error.message : String(error);
  const data = (error as { data?: { field?: unknown; allowed?: unknown } } | undefined)?.data;
  return {
    message,
    ...(typeof data?.field === 'string' ? { field: data.field } : {}),
    ...(typeof data?.allowed === 'string' ? { allowed: data.allowed } : {}),
  };
}
