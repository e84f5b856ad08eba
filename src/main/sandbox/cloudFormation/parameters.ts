// A template's Parameters: the values a stack is created with, checked against their
// declarations (Type String, Number or CommaDelimitedList; Default, AllowedValues,
// AllowedPattern, MinLength, MaxLength, MinValue, MaxValue) with CloudFormation's
// ValidationError words, and the pseudo parameters every template can name.
import { AwsError } from '../core/awsError.js';

export interface ParameterDeclaration {
  Type: string;
  Default?: unknown;
  Description?: string;
  NoEcho?: unknown;
  AllowedValues?: unknown[];
  AllowedPattern?: string;
  MinLength?: unknown;
  MaxLength?: unknown;
  MinValue?: unknown;
  MaxValue?: unknown;
  ConstraintDescription?: string;
}

const TYPES = ['String', 'Number', 'CommaDelimitedList'];

const invalid = (message: string): AwsError => new AwsError('ValidationError', message);

/** The Parameters section, each declaration checked for its shape. */
export function parameterDeclarations(section: unknown): Record<string, ParameterDeclaration> {
  if (section === undefined) return {};
  if (typeof section !== 'object' || section === null || Array.isArray(section)) throw invalid('Template format error: Parameters must be a map.');
  for (const [name, declaration] of Object.entries(section)) {
    const type = (declaration as { Type?: unknown } | null)?.Type;
    if (typeof type !== 'string') throw invalid(`Template format error: Every Parameters object must contain a Type member.`);
    if (!TYPES.includes(type)) throw invalid(`Template format error: Unrecognized parameter type: ${type} (the sandbox takes ${TYPES.join(', ')}) in parameter ${name}`);
  }
  return section as Record<string, ParameterDeclaration>;
}

function failed(name: string, declaration: ParameterDeclaration, problem: string): AwsError {
  return invalid(declaration.ConstraintDescription === undefined ? `Parameter '${name}' ${problem}` : `Parameter '${name}' failed to satisfy constraint: ${declaration.ConstraintDescription}`);
}

function checkValue(name: string, declaration: ParameterDeclaration, value: string): string | string[] {
  if (declaration.AllowedValues !== undefined && !declaration.AllowedValues.map(String).includes(value)) throw failed(name, declaration, 'must be one of AllowedValues');
  if (declaration.Type === 'Number') {
    const number = Number(value);
    if (value.trim() === '' || !Number.isFinite(number)) throw failed(name, declaration, 'must be a number');
    if (declaration.MinValue !== undefined && number < Number(declaration.MinValue)) throw failed(name, declaration, `must be a number not less than ${String(declaration.MinValue)}`);
    if (declaration.MaxValue !== undefined && number > Number(declaration.MaxValue)) throw failed(name, declaration, `must be a number not greater than ${String(declaration.MaxValue)}`);
    return value;
  }
  if (declaration.MinLength !== undefined && value.length < Number(declaration.MinLength)) throw failed(name, declaration, `must contain at least ${String(declaration.MinLength)} characters`);
  if (declaration.MaxLength !== undefined && value.length > Number(declaration.MaxLength)) throw failed(name, declaration, `must contain at most ${String(declaration.MaxLength)} characters`);
  if (declaration.AllowedPattern !== undefined && !new RegExp(`^(?:${declaration.AllowedPattern})$`).test(value)) throw failed(name, declaration, `must match pattern ${declaration.AllowedPattern}`);
  return declaration.Type === 'CommaDelimitedList' ? value.split(',').map((item) => item.trim()) : value;
}

/** Each declared parameter's value: the one given, else its Default; every given one must be declared. */
export function parameterValues(declared: Record<string, ParameterDeclaration>, given: Map<string, string>): { values: Record<string, string | string[]>; shown: { ParameterKey: string; ParameterValue: string }[] } {
  const unknown = [...given.keys()].filter((name) => !Object.hasOwn(declared, name));
  if (unknown.length > 0) throw invalid(`Parameters: [${unknown.join(', ')}] do not exist in the template`);
  const missing = Object.entries(declared).filter(([name, d]) => !given.has(name) && d.Default === undefined).map(([name]) => name);
  if (missing.length > 0) throw invalid(`Parameters: [${missing.join(', ')}] must have values`);
  const values: Record<string, string | string[]> = {};
  const shown: { ParameterKey: string; ParameterValue: string }[] = [];
  for (const [name, declaration] of Object.entries(declared)) {
    const raw = given.get(name) ?? (Array.isArray(declaration.Default) ? declaration.Default.join(',') : String(declaration.Default));
    values[name] = checkValue(name, declaration, raw);
    shown.push({ ParameterKey: name, ParameterValue: raw });
  }
  return { values, shown };
}

export const PSEUDO_PARAMETERS = ['AWS::AccountId', 'AWS::Region', 'AWS::Partition', 'AWS::StackName', 'AWS::StackId', 'AWS::URLSuffix', 'AWS::NoValue'];

/** The pseudo parameters' values for a stack (AWS::NoValue is handled by the resolver). */
export function pseudoParameters(accountId: string, region: string, stackName: string, stackId: string): Record<string, string> {
  return {
    'AWS::AccountId': accountId,
    'AWS::Region': region,
    'AWS::Partition': 'aws',
    'AWS::StackName': stackName,
    'AWS::StackId': stackId,
    'AWS::URLSuffix': 'amazonaws.com',
  };
}
