/** What an operation's access line says of it (the `access` field). */
export interface AccessRecord {
  transport: 'http' | 'ws';
  operationName: string | null;
  operationType: string | null;
  status: number;
  durationMs: number;
  cost?: number;
  errors?: string[];
}
