// Signs an evidence folder's report.pdf (docs/TRUST.md, "Evidence"): PAdES baseline B,
// SubFilter ETSI.CAdES.detached, with the organisation's report-signing key through
// AWS KMS (configuration trust.reportSigning), so a PDF reader shows who produced the
// report and that it is unchanged. report.ts adds the signature placeholder;
// @signpdf fills it with a CMS SignedData (pki/cms.ts) whose one signature is a KMS
// Sign of the SHA-512 digest of the signed attributes, under the receiver role.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { SignPdf } from '@signpdf/signpdf';
import { Signer } from '@signpdf/utils';
import { SignetError } from '../../shared/errors.js';
import { cadesSignedAttributes, detachedSignedData } from '../pki/cms.js';
import { parseCertificate, spkiDer } from '../pki/certificates.js';
import type { SignetContext } from './context.js';
import { refreshIfStale, trustStoreFor } from './trust.js';

/** What report.ts needs to sign the PDF it builds. */
export interface ReportSigning {
  /** The signer as the PDF's signature names it: the certificate's common name. */
  name: string;
  /** Signs a PDF saved with a signature placeholder (report.ts); returns the signed PDF. */
  sign(pdf: Uint8Array): Promise<Uint8Array>;
}

const sha512 = (bytes: Uint8Array): Buffer => createHash('sha512').update(bytes).digest();

const notSigned = (detail: string): SignetError => new SignetError('REPORT_NOT_SIGNED', undefined, detail);

/** The CAdES signer @signpdf calls with the PDF's signed byte ranges. */
class KmsCadesSigner extends Signer {
  constructor(
    private readonly certificates: Buffer[],
    /** ECDSA with SHA-512 over `message`, DER. */
    private readonly signMessage: (message: Buffer) => Promise<Buffer>,
  ) {
    super();
  }

  override async sign(byteRanges: Buffer): Promise<Buffer> {
    const { attributes, toSign } = cadesSignedAttributes(sha512(byteRanges), this.certificates[0]!);
    const signature = await this.signMessage(toSign);
    return detachedSignedData({ certificates: this.certificates, signature, signedAttributes: attributes });
  }
}

/**
 * The report signing this computer's configuration asks for, or undefined when it names
 * no report-signing key. Nothing is checked or fetched until `sign` is called; it throws
 * REPORT_NOT_SIGNED when the certificate's issuing CA is not in the trust store (it is
 * fetched first when missing, so a PDF reader can build the path to the root), when KMS
 * refuses or cannot be reached, or when the signature does not match the certificate.
 */
export function reportSigningFor(ctx: SignetContext): ReportSigning | undefined {
  const settings = ctx.config.trust?.reportSigning;
  if (settings === undefined) return undefined;
  const certificate = parseCertificate(settings.certificate);
  const publicKey = createPublicKey({ key: spkiDer(certificate), format: 'der', type: 'spki' });
  const signMessage = async (message: Buffer): Promise<Buffer> => {
    let signature: Buffer;
    try {
      ({ signature } = await ctx.kms.signReport(settings.key, sha512(message)));
    } catch (error) {
      throw notSigned(`KMS Sign with ${settings.key}: ${(error as Error).message}`);
    }
    // A certificate that is not for this key would make a PDF no reader accepts.
    if (!verify('sha512', message, { key: publicKey, dsaEncoding: 'der' }, signature)) {
      throw notSigned(`the signature from ${settings.key} does not verify with the key in trust.reportSigning.certificate`);
    }
    return signature;
  };
  const issuingCa = async (): Promise<Buffer> => {
    const store = await trustStoreFor(ctx.config, ctx.home);
    const issuerOf = () => store.material().intermediates.find((ca) => ca.subject === certificate.issuer);
    // A computer that only ever opened version 1 seals may not have fetched the CAs yet.
    if (issuerOf() === undefined) await refreshIfStale(ctx.config, store);
    const issuer = issuerOf();
    if (issuer === undefined) throw notSigned(`the trust store has no CA "${certificate.issuer}", which issued the report-signing certificate`);
    return Buffer.from(issuer.rawData);
  };
  return {
    name: certificate.subjectName.getField('CN')[0] ?? certificate.subject,
    sign: async (pdf) => new SignPdf().sign(Buffer.from(pdf), new KmsCadesSigner([Buffer.from(certificate.rawData), await issuingCa()], signMessage)),
  };
}
