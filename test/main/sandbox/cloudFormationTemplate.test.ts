// CloudFormation's template language in the sandbox, without a server: YAML short
// forms read as their long forms, the intrinsic functions resolved (Fn::Sub with its
// escapes and its variable map, policy variables left alone outside it), the
// references that order resources, the template checks and the parameter checks, each
// refusal in CloudFormation's words.
import { describe, expect, it } from 'vitest';
import { conditionValue, NO_VALUE, references, resolve, type Scope } from '../../../src/main/sandbox/cloudFormation/intrinsics.js';
import { parameterValues, parameterDeclarations } from '../../../src/main/sandbox/cloudFormation/parameters.js';
import { checkTemplate } from '../../../src/main/sandbox/cloudFormation/template.js';
import { parseTemplateText } from '../../../src/main/sandbox/cloudFormation/templateText.js';

const scope = (overrides: Partial<Scope> = {}): Scope => ({
  parameters: { Team: 'Legal', Names: ['a', 'b', 'c'] },
  pseudo: { 'AWS::Region': 'eu-west-2', 'AWS::AccountId': '111122223333', 'AWS::StackName': 'org' },
  resources: { Key: { ref: 'key-id', attributes: { Arn: 'arn:aws:kms:eu-west-2:111122223333:key/key-id' } } },
  conditions: { IsLegal: true },
  mappings: { Sizes: { Legal: { Bits: 4096 } } },
  ...overrides,
});

describe('YAML short forms', () => {
  it('read as the long forms, scalars, lists and maps alike', () => {
    const template = parseTemplateText(
      [
        'A: !Ref Team',
        'B: !GetAtt Key.Arn',
        'C: !GetAtt Bucket.Nested.Attribute',
        "D: !Sub 'x-${Team}'",
        'E: !Sub',
        "  - '${Greeting}, ${Team}'",
        '  - Greeting: !Join [" ", [hello, !Ref Team]]',
        'F: !Select [1, !Split [",", "a,b,c"]]',
        'G: !If [IsLegal, !Base64 yes, !Ref AWS::NoValue]',
        'H: !Not [!Equals [!Ref Team, Finance]]',
        'I: 2012-10-17',
      ].join('\n'),
    );
    expect(template).toEqual({
      A: { Ref: 'Team' },
      B: { 'Fn::GetAtt': ['Key', 'Arn'] },
      C: { 'Fn::GetAtt': ['Bucket', 'Nested.Attribute'] },
      D: { 'Fn::Sub': 'x-${Team}' },
      E: { 'Fn::Sub': ['${Greeting}, ${Team}', { Greeting: { 'Fn::Join': [' ', ['hello', { Ref: 'Team' }]] } }] },
      F: { 'Fn::Select': [1, { 'Fn::Split': [',', 'a,b,c'] }] },
      G: { 'Fn::If': ['IsLegal', { 'Fn::Base64': 'yes' }, { Ref: 'AWS::NoValue' }] },
      H: { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'Team' }, 'Finance'] }] },
      I: '2012-10-17',
    });
  });

  it('refuses text that is not well formed, saying where', () => {
    expect(() => parseTemplateText('Resources: [')).toThrow(/Template format error: YAML not well-formed. \(line 1, column/);
    expect(() => parseTemplateText('{ "Resources": ')).toThrow('Template format error: JSON not well-formed.');
  });
});

describe('intrinsic functions', () => {
  it('Fn::Sub replaces parameters, pseudo parameters and attributes, keeps ${!Literal} as ${Literal}, and takes a variable map', () => {
    expect(resolve({ 'Fn::Sub': '${Team}:${AWS::Region}:${Key.Arn}:${!Literal}:${ Team }' }, scope())).toBe(
      'Legal:eu-west-2:arn:aws:kms:eu-west-2:111122223333:key/key-id:${Literal}:Legal',
    );
    expect(resolve({ 'Fn::Sub': ['${Who} in ${Team}', { Who: { Ref: 'Key' } }] }, scope())).toBe('key-id in Legal');
  });

  it('leaves IAM policy variables alone outside Fn::Sub', () => {
    const statement = { Condition: { StringLike: { 'aws:userid': '*:${sts:SourceIdentity}' } }, Resource: { 'Fn::GetAtt': ['Key', 'Arn'] } };
    expect(resolve(statement, scope())).toEqual({ Condition: { StringLike: { 'aws:userid': '*:${sts:SourceIdentity}' } }, Resource: 'arn:aws:kms:eu-west-2:111122223333:key/key-id' });
  });

  it('Join, Select, Split, If, FindInMap and Base64 give what CloudFormation gives; AWS::NoValue drops the member', () => {
    expect(resolve({ 'Fn::Join': ['/', ['alias', { Ref: 'Team' }, { 'Fn::Select': [2, { Ref: 'Names' }] }]] }, scope())).toBe('alias/Legal/c');
    expect(resolve({ 'Fn::Split': ['|', 'a|b'] }, scope())).toEqual(['a', 'b']);
    expect(resolve({ 'Fn::If': ['IsLegal', 'yes', 'no'] }, scope({ conditions: { IsLegal: false } }))).toBe('no');
    expect(resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Team' }, 'Bits'] }, scope())).toBe(4096);
    expect(resolve({ 'Fn::Base64': 'hi' }, scope())).toBe('aGk=');
    expect(resolve({ Kept: 1, Dropped: { Ref: 'AWS::NoValue' }, List: ['x', { 'Fn::If': ['IsLegal', { Ref: 'AWS::NoValue' }, 'y'] }] }, scope())).toEqual({ Kept: 1, List: ['x'] });
    expect(resolve({ Ref: 'AWS::NoValue' }, scope())).toBe(NO_VALUE);
  });

  it('conditions combine Fn::Equals, Fn::Not, Fn::And, Fn::Or and other conditions, and only there', () => {
    const legal = { 'Fn::Equals': [{ Ref: 'Team' }, 'Legal'] };
    expect(conditionValue(legal, scope())).toBe(true);
    expect(conditionValue({ 'Fn::And': [legal, { 'Fn::Not': [{ Condition: 'IsLegal' }] }] }, scope())).toBe(false);
    expect(conditionValue({ 'Fn::Or': [{ 'Fn::Equals': ['a', 'b'] }, { Condition: 'IsLegal' }] }, scope())).toBe(true);
    expect(() => conditionValue({ Condition: 'Unknown' }, scope())).toThrow('Template error: Unresolved condition dependency Unknown in Fn::If');
    expect(() => resolve({ Description: legal }, scope())).toThrow('Template error: Fn::Equals can be used only in Conditions.');
  });

  it('refuses what cannot be resolved', () => {
    expect(() => resolve({ 'Fn::GetAtt': ['Key', 'Colour'] }, scope())).toThrow('Template error: resource Key does not support attribute type Colour in Fn::GetAtt');
    expect(() => resolve({ 'Fn::Select': [5, ['a']] }, scope())).toThrow(/Fn::Select cannot select nonexistent value at index 5/);
    expect(() => resolve({ 'Fn::ImportValue': 'x' }, scope())).toThrow(/does not support the intrinsic function Fn::ImportValue/);
  });

  it('finds the references that order resources, Fn::Sub variables included but not its own map', () => {
    expect(references({ a: { Ref: 'Team' }, b: { 'Fn::GetAtt': 'Key.Arn' }, c: { 'Fn::Sub': ['${Role.Arn}/${Local}/${!Skip}', { Local: { Ref: 'Other' } }] } })).toEqual([
      { name: 'Team' },
      { name: 'Key', attribute: 'Arn' },
      { name: 'Role', attribute: 'Arn' },
      { name: 'Other' },
    ]);
  });
});

describe('template checks', () => {
  const key = { Type: 'AWS::KMS::Key' };
  const body = (template: object): string => JSON.stringify(template);

  it('orders resources after what they depend on, explicitly or by reference', () => {
    const checked = checkTemplate(
      body({
        Resources: {
          Alias: { Type: 'AWS::KMS::Alias', Properties: { AliasName: 'alias/x', TargetKeyId: { Ref: 'Key' } } },
          Key: { Type: 'AWS::KMS::Key', DependsOn: 'Role' },
          Role: { Type: 'AWS::IAM::Role', Properties: { AssumeRolePolicyDocument: {} } },
        },
      }),
    );
    expect(checked.resources.map((r) => r.logicalId)).toEqual(['Role', 'Key', 'Alias']);
    expect(checked.capability).toEqual({ name: 'CAPABILITY_IAM', resourceTypes: ['AWS::IAM::Role'] });
  });

  it('refuses cycles, unknown types, dangling references, unknown attributes and empty templates', () => {
    expect(() => checkTemplate(body({ Resources: { A: { ...key, DependsOn: 'B' }, B: { ...key, Properties: { Description: { 'Fn::Sub': '${A.Arn}' } } } } }))).toThrow(
      'Circular dependency between resources: [A, B]',
    );
    expect(() => checkTemplate(body({ Resources: { A: { Type: 'AWS::Lambda::Function' }, B: { Type: 'AWS::EC2::VPC' } } }))).toThrow(
      'Template format error: Unrecognized resource types: [AWS::Lambda::Function, AWS::EC2::VPC]',
    );
    expect(() => checkTemplate(body({ Resources: { A: { ...key, Properties: { Description: { Ref: 'Missing' } } } } }))).toThrow(
      'Template format error: Unresolved resource dependencies [Missing] in the Resources block of the template',
    );
    expect(() => checkTemplate(body({ Resources: { A: key }, Outputs: { X: { Value: { 'Fn::GetAtt': ['A', 'RoleId'] } } } }))).toThrow(
      'Template error: resource A does not support attribute type RoleId in Fn::GetAtt',
    );
    expect(() => checkTemplate(body({ Resources: {} }))).toThrow('Template format error: At least one Resources member must be defined.');
    expect(() => checkTemplate(body({ Resources: { A: key }, Transform: 'AWS::Serverless-2016-10-31' }))).toThrow('Template format error: Invalid template property or properties [Transform]');
  });
});

describe('parameters', () => {
  const declared = parameterDeclarations({
    Team: { Type: 'String', AllowedValues: ['Legal', 'Finance'] },
    Name: { Type: 'String', Default: 'signet', MinLength: 3, MaxLength: 8, AllowedPattern: '[a-z]+' },
    Days: { Type: 'Number', Default: 7, MinValue: 1, MaxValue: 30 },
    Teams: { Type: 'CommaDelimitedList', Default: 'Legal, Finance' },
    Code: { Type: 'String', Default: 'abc', AllowedPattern: '[a-z]+', ConstraintDescription: 'lower-case letters only' },
  });
  const values = (given: Record<string, string>): ReturnType<typeof parameterValues> => parameterValues(declared, new Map(Object.entries(given)));

  it('takes given values and defaults; a list splits on commas', () => {
    expect(values({ Team: 'Legal' }).values).toEqual({ Team: 'Legal', Name: 'signet', Days: '7', Teams: ['Legal', 'Finance'], Code: 'abc' });
  });

  it('refuses values as CloudFormation does', () => {
    expect(() => values({})).toThrow('Parameters: [Team] must have values');
    expect(() => values({ Team: 'Legal', Other: 'x' })).toThrow('Parameters: [Other] do not exist in the template');
    expect(() => values({ Team: 'Sales' })).toThrow("Parameter 'Team' must be one of AllowedValues");
    expect(() => values({ Team: 'Legal', Name: 'ab' })).toThrow("Parameter 'Name' must contain at least 3 characters");
    expect(() => values({ Team: 'Legal', Name: 'abcdefghi' })).toThrow("Parameter 'Name' must contain at most 8 characters");
    expect(() => values({ Team: 'Legal', Name: 'Abc' })).toThrow("Parameter 'Name' must match pattern [a-z]+");
    expect(() => values({ Team: 'Legal', Days: 'seven' })).toThrow("Parameter 'Days' must be a number");
    expect(() => values({ Team: 'Legal', Days: '31' })).toThrow("Parameter 'Days' must be a number not greater than 30");
    expect(() => values({ Team: 'Legal', Code: 'ABC' })).toThrow("Parameter 'Code' failed to satisfy constraint: lower-case letters only");
    expect(() => parameterDeclarations({ Key: { Type: 'AWS::EC2::KeyPair::KeyName' } })).toThrow(/Unrecognized parameter type: AWS::EC2::KeyPair::KeyName/);
  });
});
