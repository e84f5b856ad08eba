// The three KMS calls Signet makes, each on a client for one role session:
// GetPublicKey (to learn and pin keys), Sign (over a SHA-512 digest: once per seal,
// once per trust bundle) and Decrypt (a file key from a stanza, or an AWS recipe
// message). services/context.ts puts them behind the role sessions as `ctx.kms`.
import { DecryptCommand, GetPublicKeyCommand, SignCommand, type KMSClient } from '@aws-sdk/client-kms';
import { fromAwsError, isAccessDenied } from './awsErrors.js';

export interface PublicKeyInfo {
  keyArn: string;
  keySpec: string;
  keyUsage: string;
  algorithms: string[];
  /** DER SubjectPublicKeyInfo. */
  spki: Buffer;
}

export async function kmsGetPublicKey(kms: KMSClient, keyRef: string): Promise<PublicKeyInfo> {
  try {
    const out = await kms.send(new GetPublicKeyCommand({ KeyId: keyRef }));
    return {
      keyArn: out.KeyId!,
      keySpec: out.KeySpec!,
      keyUsage: out.KeyUsage!,
      algorithms: out.SigningAlgorithms ?? out.EncryptionAlgorithms ?? [],
      spki: Buffer.from(out.PublicKey!),
    };
  } catch (error) {
    throw fromAwsError(error, `fetching the public key ${keyRef}`);
  }
}

export interface KmsSignature {
  signature: Buffer;
  requestId: string;
  keyArn: string;
}

/** KMS Sign, ECDSA_SHA_512 over a SHA-512 digest (MessageType DIGEST). */
export async function kmsSign(kms: KMSClient, keyArn: string, digest: Buffer): Promise<KmsSignature> {
  try {
    const out = await kms.send(new SignCommand({ KeyId: keyArn, Message: digest, MessageType: 'DIGEST', SigningAlgorithm: 'ECDSA_SHA_512' }));
    return { signature: Buffer.from(out.Signature!), requestId: out.$metadata.requestId ?? '', keyArn: out.KeyId! };
  } catch (error) {
    throw fromAwsError(error, `signing with ${keyArn}`);
  }
}

/** KMS Decrypt with RSAES_OAEP_SHA_256; undefined when this person may not use the key. */
export async function kmsDecrypt(kms: KMSClient, keyArn: string, wrappedKey: Buffer): Promise<Buffer | undefined> {
  try {
    const out = await kms.send(new DecryptCommand({ KeyId: keyArn, CiphertextBlob: wrappedKey, EncryptionAlgorithm: 'RSAES_OAEP_SHA_256' }));
    return Buffer.from(out.Plaintext!);
  } catch (error) {
    if (isAccessDenied(error)) return undefined;
    throw fromAwsError(error, `decrypting with ${keyArn}`);
  }
}
