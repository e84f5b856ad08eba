import { describe, expect, it } from 'vitest';
import { parseOrgConfig, parseOrgConfigWithWarnings } from '../../../src/main/config/orgConfig.js';
import { SignetError } from '../../../src/shared/errors.js';
import { EXAMPLE_CONFIG } from '../../support/exampleConfig.js';

const valid = EXAMPLE_CONFIG;

const errorOf = (value: unknown): SignetError => {
  try {
    parseOrgConfig(JSON.stringify(value), 'signet.json');
  } catch (error) {
    return error as SignetError;
  }
  throw new Error('the configuration was accepted');
};

describe('organisation configuration', () => {
  it('accepts a valid configuration, with Identity Center or a profile', () => {
    expect(parseOrgConfig(JSON.stringify(valid), 'x').signIn).toEqual(valid.signIn);
    expect(parseOrgConfig(JSON.stringify({ ...valid, signIn: { profile: 'work' } }), 'x').signIn).toEqual({ profile: 'work' });
    expect(parseOrgConfig(JSON.stringify(valid), 'x').sandbox).toBe(false);
  });

  it('names the field and the problem when something is wrong', () => {
    const region = errorOf({ ...valid, region: 'Ireland' });
    expect(region.code).toBe('CONFIG_INVALID');
    expect(region.message).toContain('"region"');
    expect(region.message).toContain('AWS region');
    expect(errorOf({ ...valid, roles: { ...valid.roles, sender: 'SignetSender' } }).message).toContain('"roles.sender"');
    expect(errorOf({ ...valid, recipients: [] }).message).toContain('"recipients"');
    expect(errorOf({ ...valid, signIn: { sso: { ...valid.signIn.sso, accountId: '12' } } }).message).toContain('"signIn');
    expect(parseOrgConfig.bind(null, '{not json', 'signet.json')).toThrow(/not valid JSON/);
  });

  it('refuses recipient names a seal could not carry and key references that are not KMS keys or aliases', () => {
    for (const name of ['Legal\r\u001b[2K', 'Legal\u202e', '', 'x'.repeat(101)]) {
      const error = errorOf({ ...valid, recipients: [{ ...valid.recipients[0], name }] });
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.message).toContain('"recipients.0.name"');
    }
    expect(errorOf({ ...valid, signingKey: 'arn:aws:kms:eu-west-1:111122223333:key/legal\u001b' }).message).toContain('"signingKey"');
    const china = { ...valid, signingKey: 'arn:aws-cn:kms:cn-north-1:111122223333:alias/signet-signing', recipients: [{ name: 'Équipe juridique', key: 'arn:aws-cn:kms:cn-north-1:111122223333:key/mrk-1234abcd12ab34cd56ef1234567890ab' }] };
    expect(parseOrgConfig(JSON.stringify(china), 'x').recipients[0]!.name).toBe('Équipe juridique');
  });

  it('warns about fields it does not know instead of ignoring them silently', () => {
    const { warnings } = parseOrgConfigWithWarnings(JSON.stringify({ ...valid, regoin: 'x', roles: { ...valid.roles, auditor: 'arn:aws:iam::1:role/A' } }), 'signet.json');
    expect(warnings).toHaveLength(2);
    expect(warnings.join('\n')).toContain('"regoin"');
    expect(warnings.join('\n')).toContain('"roles.auditor"');
  });
});
