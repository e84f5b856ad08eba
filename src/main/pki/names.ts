// Comparing distinguished names when chaining certificates and matching CRLs to their
// issuers. Names are compared as their DER encodings: Signet's CAs write each name one
// way, so byte equality is both the simplest rule and the strictest.
import type { Name } from './x509.js';

/** Whether two names are the same, byte for byte. */
export function sameName(a: Name, b: Name): boolean {
  return Buffer.from(a.toArrayBuffer()).equals(Buffer.from(b.toArrayBuffer()));
}
