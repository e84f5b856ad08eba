// The sandbox's public CRL bucket over plain HTTP: GET /<bucket>/crl/<name>.crl answers
// the DER CRL AWS Private CA (or the offline root) last wrote there, unsigned, as a
// public S3 object is fetched. CRLs past half their life are re-issued first.
import { AwsError } from './core/awsError.js';
import { crlPath, readCrl } from './core/crlBucket.js';
import type { Endpoint } from './core/pipeline.js';
import { plainRestError } from './core/protocols.js';
import { refreshStaleCrls } from './acmPca/revocation.js';

/** True when a request is a CRL fetch this endpoint answers. */
export const isCrlRequest = (method: string, path: string): boolean => method === 'GET' && crlPath(path) !== undefined;

export const CRL_ROUTE: Endpoint = {
  accessDeniedCode: 'AccessDenied',
  refuse: plainRestError,
  async handle(request, context) {
    const path = crlPath(request.path);
    if (path === undefined) return plainRestError(new AwsError('NoSuchKey', 'The specified key does not exist.', 404));
    if (await refreshStaleCrls(context.store)) await context.store.commit();
    const der = await readCrl(context.store.dir, path);
    if (der === undefined) return plainRestError(new AwsError('NoSuchKey', 'The specified key does not exist.', 404));
    return { status: 200, contentType: 'application/pkix-crl', body: der };
  },
};
