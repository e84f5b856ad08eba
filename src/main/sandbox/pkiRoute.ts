// GET /pki/signet.signet-trust: the demo organisation's current trust file (docs/TRUST.md,
// "Trust files"), made afresh for every request, unsigned, as IT would publish it at
// the configuration's trust.updates address.
import { AwsError } from './core/awsError.js';
import type { Endpoint } from './core/pipeline.js';
import { plainRestError } from './core/protocols.js';
import { demoTrustFile } from './demoPki.js';

export const TRUST_FILE_PATH = '/pki/signet.signet-trust';

export const TRUST_FILE_ROUTE: Endpoint = {
  accessDeniedCode: 'AccessDenied',
  refuse: plainRestError,
  async handle(_request, context) {
    const trust = await demoTrustFile(context.store);
    if (trust === undefined) return plainRestError(new AwsError('NotFound', 'This sandbox has no PKI yet.', 404));
    return { status: 200, contentType: 'application/json', body: `${JSON.stringify(trust, null, 2)}\n` };
  },
};
