// The sandbox's stand-in for the S3 buckets certificate authorities publish CRLs to:
// objects are files under DIR/s3/<bucket>/, written by AWS Private CA and the offline
// root (a bucket CloudFormation makes is an empty folder), and read back by the unsigned CRL route (plain HTTP GET of /<bucket>/<key>, as
// a public S3 bucket serves them). Names are checked so no path leaves that folder.
import { mkdir, readFile, readdir, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../../fs/atomicWrite.js';

const BUCKETS_DIR = 's3';
/** S3's bucket naming rules, which also keep the name one safe path segment. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const CRL_FILE = /^[A-Za-z0-9_-][A-Za-z0-9._-]*\.crl$/;

export const isBucketName = (name: string): boolean => BUCKET_NAME.test(name) && !name.includes('..');

/** The object key a CA's CRL is written under, as AWS Private CA names it. */
export const crlObjectKey = (name: string): string => `crl/${name}.crl`;

/** The URL a CRL object is served at on the sandbox whose address is `baseUrl`. */
export const crlObjectUrl = (baseUrl: string, bucket: string, name: string): string => `${baseUrl}/${bucket}/${crlObjectKey(name)}`;

/** Writes a CRL (DER) into `bucket`, replacing the one there. */
export async function putCrl(dir: string, bucket: string, name: string, der: Uint8Array): Promise<void> {
  if (!isBucketName(bucket) || !CRL_FILE.test(`${name}.crl`)) throw new Error(`not a CRL object: ${bucket}/${name}`);
  const folder = join(dir, BUCKETS_DIR, bucket, 'crl');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  await writeFileAtomic(join(folder, `${name}.crl`), der, 0o644);
}

/** The bucket and CRL file a request path names (/<bucket>/crl/<name>.crl), if it names one. */
export function crlPath(path: string): { bucket: string; file: string } | undefined {
  const parts = path.split('/');
  if (parts.length !== 4 || parts[0] !== '' || parts[2] !== 'crl') return undefined;
  const [, bucket, , file] = parts as [string, string, string, string];
  return isBucketName(bucket) && CRL_FILE.test(file) ? { bucket, file } : undefined;
}

/** The CRL at a path `crlPath` accepted, or undefined when the bucket holds none. */
export async function readCrl(dir: string, { bucket, file }: { bucket: string; file: string }): Promise<Buffer | undefined> {
  try {
    return await readFile(join(dir, BUCKETS_DIR, bucket, 'crl', file));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/** Whether the bucket exists (its folder does). */
export async function bucketExists(dir: string, bucket: string): Promise<boolean> {
  if (!isBucketName(bucket)) return false;
  try {
    return (await stat(join(dir, BUCKETS_DIR, bucket))).isDirectory();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** Makes an empty bucket; false when one of that name exists already. */
export async function createBucket(dir: string, bucket: string): Promise<boolean> {
  if (!isBucketName(bucket)) throw new Error(`not a bucket name: ${bucket}`);
  await mkdir(join(dir, BUCKETS_DIR), { recursive: true, mode: 0o700 });
  try {
    await mkdir(join(dir, BUCKETS_DIR, bucket), { mode: 0o700 });
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Removes an empty bucket: 'deleted', 'missing', or 'not-empty' (S3 deletes only empty buckets; a CRL folder with nothing in it counts as empty). */
export async function deleteBucket(dir: string, bucket: string): Promise<'deleted' | 'missing' | 'not-empty'> {
  if (!(await bucketExists(dir, bucket))) return 'missing';
  const folder = join(dir, BUCKETS_DIR, bucket);
  const entries = await readdir(folder);
  if (entries.some((entry) => entry !== 'crl')) return 'not-empty';
  if (entries.includes('crl')) {
    if ((await readdir(join(folder, 'crl'))).length > 0) return 'not-empty';
    await rmdir(join(folder, 'crl'));
  }
  await rmdir(folder);
  return 'deleted';
}
