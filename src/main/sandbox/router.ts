// Which endpoint a request goes to. A SigV4-signed request goes to the service its
// credential scope names (kms, sts, iam, acm-pca, cloudformation, sso — the last
// Identity Center's admin API). Unsigned requests are routed as AWS
// routes them: by path and method for SSO OIDC, the SSO portal, the sign-in pages,
// the public CRL bucket, the trust file, the time-stamping authority and the admin API. An unsigned request in a signed service's
// protocol (an X-Amz-Target or AWS JSON body, or a POST to /) goes to that service —
// ACM PCA for an ACMPrivateCA. target, SSO admin for SWBExternalService., KMS
// otherwise — which answers it, with a
// missing signature or a malformed request, in its own protocol.
import { headerValue } from './core/http.js';
import { serviceEndpoint, type Endpoint, type Router } from './core/pipeline.js';
import { plainRestError } from './core/protocols.js';
import { AwsError } from './core/awsError.js';
import { credentialScopeService } from './core/sigv4.js';
import { SIGN_IN_PAGE_ROUTES, SIGN_IN_PAGES } from './identityCenter/devicePage.js';
import { OIDC_ROUTES, oidcService, type IdentityCenterOptions } from './identityCenter/oidc.js';
import { PORTAL_ROUTES, portalService } from './identityCenter/portal.js';
import { ACM_PCA_SERVICE } from './acmPca/operations.js';
import { CLOUDFORMATION_SERVICE } from './cloudFormation/operations.js';
import { CRL_ROUTE, isCrlRequest } from './crlRoute.js';
import { IAM_SERVICE } from './iam/operations.js';
import { KMS_SERVICE } from './kms/operations.js';
import { TRUST_FILE_PATH, TRUST_FILE_ROUTE } from './pkiRoute.js';
import { SSO_ADMIN_SERVICE } from './ssoAdmin/operations.js';
import { STS_SERVICE } from './sts/operations.js';
import { TSA_PATH, TSA_ROUTE } from './tsa/timestampAuthority.js';

const NOT_FOUND: Endpoint = {
  accessDeniedCode: 'AccessDeniedException',
  refuse: plainRestError,
  handle: async (request) => plainRestError(new AwsError('UnknownOperationException', `The sandbox has nothing at ${request.method} ${request.path}.`, 404)),
};

/** The router of a sandbox whose Identity Center uses `identityCenter`, with `admin` under /_sandbox/. */
export function createRouter(identityCenter: IdentityCenterOptions, admin: Endpoint): Router {
  const kms = serviceEndpoint(KMS_SERVICE);
  const sts = serviceEndpoint(STS_SERVICE);
  const acmPca = serviceEndpoint(ACM_PCA_SERVICE);
  const ssoAdmin = serviceEndpoint(SSO_ADMIN_SERVICE);
  const signed: Record<string, Endpoint> = { kms, sts, iam: serviceEndpoint(IAM_SERVICE), 'acm-pca': acmPca, cloudformation: serviceEndpoint(CLOUDFORMATION_SERVICE), sso: ssoAdmin };
  const byRoute = new Map<string, Endpoint>();
  const oidc = serviceEndpoint(oidcService(identityCenter));
  const portal = serviceEndpoint(portalService(identityCenter));
  for (const route of Object.keys(OIDC_ROUTES)) byRoute.set(route, oidc);
  for (const route of Object.keys(PORTAL_ROUTES)) byRoute.set(route, portal);
  for (const route of SIGN_IN_PAGE_ROUTES) byRoute.set(route, SIGN_IN_PAGES);
  byRoute.set(`GET ${TRUST_FILE_PATH}`, TRUST_FILE_ROUTE);
  byRoute.set(`POST ${TSA_PATH}`, TSA_ROUTE);

  return ({ method, path, headers }) => {
    if (path.startsWith('/_sandbox/')) return admin;
    const scope = credentialScopeService(headers);
    if (scope !== undefined && Object.hasOwn(signed, scope)) return signed[scope]!;
    if (isCrlRequest(method, path)) return CRL_ROUTE;
    const target = headerValue(headers, 'x-amz-target');
    if (target?.startsWith('ACMPrivateCA.')) return acmPca;
    if (target?.startsWith('SWBExternalService.')) return ssoAdmin;
    const jsonCall = target !== undefined || (method === 'POST' && (headerValue(headers, 'content-type') ?? '').startsWith('application/x-amz-json'));
    if (jsonCall) return kms;
    if (method === 'POST' && path === '/') return sts;
    return byRoute.get(`${method} ${path}`) ?? NOT_FOUND;
  };
}
