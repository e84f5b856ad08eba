// Comparing distinguished names when chaining certificates and matching CRLs to their
// issuers. Names are compared as their DER encodings: Signet's CAs write each name one
// way, so byte equality is both the simplest rule and the strictest.
import type { Name } from './x509.js';

/** Each name's DER, encoded once: a certificate gives the same Name object every time it is asked. */
const encoded = new WeakMap<Name, Buffer>();

function derOf(name: Name): Buffer {
  let der = encoded.get(name);
  if (!der) {
    der = Buffer.from(name.toArrayBuffer());
    encoded.set(name, der);
  }
  return der;
}

/** Whether two names are the same, byte for byte. */
export function sameName(a: Name, b: Name): boolean {
  return derOf(a).equals(derOf(b));
}
