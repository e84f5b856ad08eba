// The root ceremony on the machine that keeps the offline root, never over HTTP (as a
// CloudHSM ceremony is run, not called): `signet sandbox root-sign` signs a new issuing
// CA's CSR and `signet sandbox root-crl` re-issues the root CRL. They read state.json
// only to learn where the root CRL is published (the demo CRL bucket on the sandbox's
// last port, so a certificate signed now names the URL the sandbox serves) and the
// sandbox's clock; they never write it, so they may run while the sandbox does.
import { SignetError } from '../../shared/errors.js';
import { crlObjectUrl } from './core/crlBucket.js';
import { SandboxStore } from './core/state.js';
import { ROOT_CRL_NAME } from './demoPki.js';
import { issueRootCrl, loadOfflineRoot, signSubordinateCsr, type SignedSubordinate } from './offlineRoot/offlineRoot.js';

export type { SignedSubordinate };

interface CeremonySite {
  bucket: string;
  baseUrl: string;
  now: number;
}

/** Where the root CRL of the sandbox in `dir` is published, and the sandbox's time; a usage error when `dir` has no sandbox with a root. */
async function ceremonySite(dir: string): Promise<CeremonySite> {
  const store = await SandboxStore.load(dir);
  const pki = store?.state.demoPki;
  const port = store?.state.lastPort;
  if (store === undefined || pki === undefined || port === undefined || (await loadOfflineRoot(dir)) === undefined) {
    throw new SignetError('INPUT_NOT_FOUND', `${dir} holds no sandbox with an offline root. Start one there first with "signet sandbox --dir ${dir}".`);
  }
  return { bucket: pki.crlBucket, baseUrl: `http://127.0.0.1:${port}`, now: store.now() };
}

/** Signs a subordinate CA's CSR (PEM or DER) with the offline root of the sandbox in `dir`, per the Issuing CA profile, and logs the signing beside the root's key. */
export async function rootSign(dir: string, csr: Uint8Array): Promise<SignedSubordinate> {
  const site = await ceremonySite(dir);
  return signSubordinateCsr(dir, csr, crlObjectUrl(site.baseUrl, site.bucket, ROOT_CRL_NAME), site.now);
}

/** Issues the offline root's next CRL into the sandbox's CRL bucket; returns its number and the URL it is served at. */
export async function rootCrl(dir: string): Promise<{ number: number; url: string }> {
  const site = await ceremonySite(dir);
  const number = await issueRootCrl(dir, site.bucket, ROOT_CRL_NAME, site.now);
  return { number, url: crlObjectUrl(site.baseUrl, site.bucket, ROOT_CRL_NAME) };
}
