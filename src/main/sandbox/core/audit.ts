// The sandbox's CloudTrail: one JSON line per call in DIR/audit.jsonl — when, which
// operation, who (principal ARN and source identity), which key or role, the request
// id and the outcome. Request and response bodies are never logged.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface AuditRecord {
  time: string;
  requestId: string;
  service: string;
  operation: string;
  principal?: string;
  sourceIdentity?: string;
  resource?: string;
  outcome: string;
}

export const AUDIT_FILE = 'audit.jsonl';

export class AuditLog {
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly dir: string) {}

  /** Resolves once the record is in the file (or its failure has been reported). */
  append(record: AuditRecord): Promise<void> {
    const line = `${JSON.stringify(record)}\n`;
    this.writing = this.writing
      .then(() => appendFile(join(this.dir, AUDIT_FILE), line, { mode: 0o600 }))
      .catch((error: unknown) => {
        process.stderr.write(`signet sandbox: could not append to the audit log: ${(error as Error).message}\n`);
      });
    return this.writing;
  }

  flush(): Promise<void> {
    return this.writing;
  }
}
