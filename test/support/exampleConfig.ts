// An organisation configuration for tests that need a valid one but make no AWS call.
export const EXAMPLE_CONFIG = {
  signet: 1,
  organisation: 'Example Org',
  region: 'eu-west-1',
  signIn: { sso: { startUrl: 'https://d-1234567890.awsapps.com/start', region: 'eu-west-1', accountId: '111122223333', roleName: 'SignetUser' } },
  roles: { sender: 'arn:aws:iam::111122223333:role/SignetSender', receiver: 'arn:aws:iam::111122223333:role/SignetReceiver' },
  signingKey: 'alias/signet-signing',
  recipients: [{ name: 'Legal', key: 'arn:aws:kms:eu-west-1:111122223333:key/00000000-0000-4000-8000-000000000001' }],
};
