// Demo mode only: approves a device sign-in on the sandbox's loopback page as a chosen
// demo person. Refused for any configuration that does not point at the sandbox.
import { SignetError } from '../../shared/errors.js';
import type { OrgConfig } from '../config/orgConfig.js';
import { submitOnApprovalPage } from './identityCenter/approvalClient.js';

export async function approveAsDemoPerson(config: OrgConfig, verificationUriComplete: string, userName: string): Promise<void> {
  if (!config.sandbox) throw new SignetError('USAGE', '--user only works with the demo sandbox. Sign in in your browser instead.');
  const url = new URL(verificationUriComplete);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new SignetError('USAGE', '--user only works with a sandbox on this computer.');
  let response: Response;
  try {
    response = await submitOnApprovalPage(verificationUriComplete, userName);
  } catch (error) {
    throw new SignetError('USAGE', `Could not sign in as ${userName}: ${(error as Error).message}.`);
  }
  if (!response.ok) throw new SignetError('SERVICE_ERROR', `The sandbox did not accept the sign-in (HTTP ${response.status}).`);
}
