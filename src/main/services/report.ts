// The report a lawyer reads (README, "Offline and legal evidence"): who signed, when, with which key,
// the files and their hashes, the recipients, the verdict, how it was checked, what the
// signature does and does not prove, and how to re-check it with OpenSSL. Written as a
// PDF (pdf-lib) and as an HTML page with the same content. The report is a summary; it
// says so and names the files that prove it. With the organisation's report-signing key
// configured, the PDF carries a signature placeholder that signReport.ts fills.
import { pdflibAddPlaceholder } from '@signpdf/placeholder-pdf-lib';
import { SUBFILTER_ETSI_CADES_DETACHED } from '@signpdf/utils';
import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { formatBytes } from '../../shared/words.js';
import { visibleText } from '../format/names.js';
import type { SealVerdict } from '../../shared/ipc.js';
import type { ReportSigning } from './signReport.js';

interface Section {
  heading: string;
  rows: [string, string][];
  paragraphs?: string[];
}

// Every string from the seal is shown through visibleText, so no character in it can
// hide or reorder what the report says; file names were checked when the seal was opened.
function verdictParagraph(v: SealVerdict, who: string): string {
  switch (v.verdict) {
    case 'authentic':
      return `Authentic. Sealed by ${who} on ${v.sealedAt} (UTC). Nothing has changed since it was sealed.`;
    case 'revocation-unknown':
      return `Sealed by ${who} on ${v.sealedAt} (UTC), and nothing has changed since. Signet could not confirm the certificate was still valid: ${visibleText(v.revocationNote ?? 'no current revocation list')}.`;
    case 'claimed-name':
      return `Sealed with the organisation's signing key on ${v.sealedAt} (UTC), and nothing has changed since. It says it was sealed by ${who}; that is the sender's own claim, which this older kind of seal (version 1) cannot prove.`;
  }
}

/** How report.pdf is signed: with the organisation's report-signing key, or not, and why (in words for the report). */
export type PdfSignature = { by: ReportSigning } | { unsigned: string };

function whatThisIs(v: SealVerdict, pdf: PdfSignature): string[] {
  const proof = v.signer.certified
    ? 'manifest.json with its signature in manifest.p7s (CMS, with the certificates) and manifest.sig'
    : 'manifest.json with its signature in manifest.sig';
  return [
    `This report is a summary for people to read; on its own it proves nothing. The proof is in the evidence folder beside it: ${proof}, checked as VERIFY.txt says with stock tools (OpenSSL, sha256sum), without Signet or AWS.`,
    'by' in pdf
      ? `report.pdf is signed by ${visibleText(pdf.by.name)}, your organisation's report-signing key, so a PDF reader shows that it has not changed since Signet wrote it (report.html is not signed).`
      : `report.pdf is not signed: ${pdf.unsigned}.`,
  ];
}

function sections(v: SealVerdict, pdf: PdfSignature): Section[] {
  const certified = v.signer.certified;
  const who = visibleText(certified ? `${certified.name}${certified.team ? `, ${certified.team}` : ''}` : (v.signer.sourceIdentity ?? v.signer.sessionArn));
  return [
    { heading: 'Verdict', rows: [], paragraphs: [verdictParagraph(v, who)] },
    { heading: 'What this report is', rows: [], paragraphs: whatThisIs(v, pdf) },
    {
      heading: 'Who signed, and when',
      rows: [
        ...(certified
          ? ([
              ['Signer (from the certificate)', who],
              ['E-mail (from the certificate)', visibleText(certified.email ?? '(none)')],
              ['Organisation (from the certificate)', visibleText(certified.organisation ?? '(none)')],
              ['Certificate SHA-256', certified.certificateSha256],
            ] as [string, string][])
          : []),
        ["Signer session (the sender's own account)", visibleText(v.signer.sessionArn)],
        ["Source identity (the sender's own account)", visibleText(v.signer.sourceIdentity ?? '(not recorded)')],
        ['AWS account', visibleText(v.signer.accountId)],
        ['Signing key', visibleText(v.signer.keyArn)],
        ['Key fingerprint (SHA-256 of the public key)', v.signer.fingerprint],
        ['Algorithm', 'ECDSA P-521 with SHA-512 (AWS KMS ECDSA_SHA_512)'],
        ['KMS request id of the signing call', visibleText(v.kmsRequestId || '(not recorded)')],
        ['Sealed at (UTC, as the signed manifest says: the sender\'s own clock)', v.sealedAt],
        ...(v.timestamp ? ([['Trusted timestamp (UTC, RFC 3161)', `${v.timestamp.genTime}, from ${visibleText(v.timestamp.authority)}`]] as [string, string][]) : []),
      ],
    },
    { heading: 'Sealed for', rows: v.recipients.map((r) => [visibleText(r.name), visibleText(r.keyArn)]) },
    { heading: 'Files', rows: v.files.map((f) => [`${f.path} (${formatBytes(f.size)})`, `SHA-256 ${f.sha256}`]) },
    {
      heading: 'How this was checked',
      rows: [
        ['Checked at (UTC)', v.checkedAt],
        ['Signer key', visibleText(v.checkedWith)],
      ],
      paragraphs: [
        'Signet decrypted the file, checked that no part of it was changed, cut short or reordered, checked the signature over the manifest with the key above, checked that it was sealed for the recipient who opened it, and checked the SHA-256 of every file against the signed manifest. Nothing was released before all of this passed.',
      ],
    },
    {
      heading: 'What the signature proves, and what it does not',
      rows: [],
      paragraphs: [
        'It proves that the signing key above signed this exact manifest, and so these exact files, names and hashes, for these recipients. Only holders of permission to use that key in AWS KMS can make such a signature; the key itself never leaves AWS.',
        v.signer.certified
          ? "The key is the signer's own: the organisation's certificate authority certified it as theirs (the certificate above leads to the organisation's root), and its key policy lets only their own sessions sign with it. AWS CloudTrail also records the signing call: look up the KMS Sign event with the request id above."
          : "This is a version 1 seal, made with the organisation's shared signing key: it does not by itself prove which person made the signing call. AWS CloudTrail does: look up the KMS Sign event with the request id above. It records the session that called and the time.",
        v.timestamp
          ? `A trusted timestamp (RFC 3161) from ${visibleText(v.timestamp.authority)} shows the signature existed at ${v.timestamp.genTime}; the certificate was checked as of that time.`
          : "The time is the one the signer's computer wrote into the signed manifest; no independent timestamp vouches for it.",
      ],
    },
    {
      heading: 'How anyone can re-check it (no Signet, no AWS)',
      rows: [],
      paragraphs: [
        'In the evidence folder: openssl dgst -sha512 -verify signer.pem -signature manifest.sig manifest.json  (must print "Verified OK")',
        `The key: openssl pkey -pubin -in signer.pem -outform DER | sha256sum  (must print ${v.signer.fingerprint})`,
        'The files, in the folder that holds them: sha256sum -c <evidence folder>/files.sha256  (every line must say OK)',
        ...(v.signer.certified ? ['The CMS signature: openssl cms -verify -binary -inform DER -in manifest.p7s -content manifest.json -CAfile root.pem -certfile chain.pem -out /dev/null  (must print "CMS Verification successful"); see VERIFY.txt.'] : []),
        ...(v.signer.certified ? ['Whose key: openssl verify -crl_check_all -CRLfile crls.pem -CAfile root.pem -untrusted chain.pem signer-cert.pem  (must print "signer-cert.pem: OK"); see VERIFY.txt.'] : []),
      ],
    },
  ];
}

// The standard PDF fonts encode WinAnsi only; anything else is shown as "?" in the PDF
// (the HTML report and manifest.json keep every name exactly).
const pdfSafe = (text: string): string => text.replace(/[^\x20-\x7e\u00a0-\u00ff]/g, '?');

function wrap(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of pdfSafe(text).split(' ')) {
    let rest = word;
    while (font.widthOfTextAtSize(rest, size) > width) {
      let cut = rest.length;
      while (cut > 1 && font.widthOfTextAtSize(rest.slice(0, cut), size) > width) cut--;
      if (line) lines.push(line);
      lines.push(rest.slice(0, cut));
      line = '';
      rest = rest.slice(cut);
    }
    const candidate = line ? `${line} ${rest}` : rest;
    if (font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(line);
      line = rest;
    } else line = candidate;
  }
  if (line) lines.push(line);
  return lines;
}

/** The report as a PDF, signed when `signature` says by whom. */
export async function renderPdf(v: SealVerdict, signature: PdfSignature): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle('Signet verification report');
  pdf.setCreator('Signet');
  pdf.setCreationDate(new Date(v.checkedAt));
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const margin = 50;
  let page: PDFPage = pdf.addPage([595, 842]);
  let y = 842 - margin;
  const width = 595 - 2 * margin;
  const write = (text: string, font: PDFFont, size: number, indent = 0, color = rgb(0.1, 0.1, 0.12)) => {
    for (const line of wrap(text, font, size, width - indent)) {
      if (y < margin + size) {
        page = pdf.addPage([595, 842]);
        y = 842 - margin;
      }
      page.drawText(line, { x: margin + indent, y, size, font, color });
      y -= size * 1.35;
    }
  };
  write('Signet verification report', bold, 20);
  y -= 6;
  for (const section of sections(v, signature)) {
    y -= 8;
    write(section.heading, bold, 13, 0, section.heading === 'Verdict' ? rgb(0.1, 0.5, 0.2) : rgb(0.1, 0.1, 0.12));
    for (const paragraph of section.paragraphs ?? []) write(paragraph, regular, 10.5);
    for (const [label, value] of section.rows) {
      write(label, bold, 9.5, 8);
      write(value, regular, 9.5, 16);
    }
  }
  if (!('by' in signature)) return pdf.save();
  pdflibAddPlaceholder({
    pdfDoc: pdf,
    reason: 'Signet evidence report: a summary; VERIFY.txt says how to check the proof',
    contactInfo: '',
    name: signature.by.name,
    location: '',
    subFilter: SUBFILTER_ETSI_CADES_DETACHED,
  });
  // @signpdf finds the placeholder in the file's text, so no object streams.
  return signature.by.sign(await pdf.save({ useObjectStreams: false }));
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function renderHtml(v: SealVerdict, pdf: PdfSignature): string {
  const body = sections(v, pdf)
    .map(
      (s) =>
        `<section><h2>${escapeHtml(s.heading)}</h2>${(s.paragraphs ?? []).map((p) => `<p>${escapeHtml(p)}</p>`).join('')}${
          s.rows.length ? `<dl>${s.rows.map(([k, val]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(val)}</dd>`).join('')}</dl>` : ''
        }</section>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Signet verification report</title>
<style>body{font-family:system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;line-height:1.5}dt{font-weight:600}dd{margin:0 0 .5rem 1rem;word-break:break-all;font-family:ui-monospace,monospace}</style>
</head><body><h1>Signet verification report</h1>
${body}
</body></html>
`;
}
