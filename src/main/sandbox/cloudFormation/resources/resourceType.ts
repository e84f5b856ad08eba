// What CloudFormation needs of each resource type: the properties it takes, the
// attributes Fn::GetAtt may name, the capability it asks for, and how to create and
// delete it — always through the sandbox's own operations, as the stack's caller, so
// the same checks, errors and authorisation apply as when the API is called directly.
import { randomBytes } from 'node:crypto';
import { AwsError } from '../../core/awsError.js';
import type { SignedCall } from '../../core/service.js';
import type { StackResourceRecord } from '../../core/state.js';
import { TemplateError } from '../intrinsics.js';

export type Capability = 'CAPABILITY_IAM' | 'CAPABILITY_NAMED_IAM';
/** A resource's properties, intrinsics resolved. */
export type Properties = Record<string, unknown>;

export interface ResourceContext {
  call: SignedCall;
  stackName: string;
  logicalId: string;
}

/** What creating a resource made: its physical id (what Ref gives) and its Fn::GetAtt values. */
export interface Created {
  physicalId: string;
  attributes: Record<string, string>;
}

export interface ResourceType {
  required: string[];
  optional: string[];
  attributes: string[];
  /** The capability a stack needs to create this resource, given its properties as written. */
  capability?(properties: Record<string, unknown>): Capability;
  create(properties: Properties, context: ResourceContext): Promise<Created>;
  delete(resource: StackResourceRecord, context: ResourceContext): Promise<void>;
}

/** A property's problem, in the words of CloudFormation's resource schema checks. */
export const propertiesError = (logicalId: string, problem: string): TemplateError =>
  new TemplateError(`Properties validation failed for resource ${logicalId} with message: [${problem}]`);

/** Checks the properties against the type's lists: every required one present, none it does not take. */
export function checkProperties(type: ResourceType, typeName: string, logicalId: string, properties: Properties): void {
  for (const name of type.required) if (properties[name] === undefined) throw propertiesError(logicalId, `#: required key [${name}] not found`);
  for (const name of Object.keys(properties)) {
    if (!type.required.includes(name) && !type.optional.includes(name)) throw propertiesError(logicalId, `#: extraneous key [${name}] is not permitted (the sandbox's ${typeName} takes ${[...type.required, ...type.optional].join(', ')})`);
  }
}

/** A property as text (numbers and booleans as CloudFormation passes them: their text). */
export function text(properties: Properties, name: string): string | undefined {
  const value = properties[name];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new AwsError('ValidationError', `Property ${name} must be a string.`);
}

/** A policy document property: a JSON object as CloudFormation takes it, or its text. */
export function policyText(properties: Properties, name: string): string | undefined {
  const value = properties[name];
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A list of { Key, Value } tags. */
export function tags(properties: Properties): { Key: string; Value: string }[] {
  const value = properties.Tags;
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new AwsError('ValidationError', 'Property Tags must be a list of { Key, Value }.');
  return value.map((tag) => {
    const { Key, Value } = (tag ?? {}) as Properties;
    return { Key: String(Key), Value: Value === undefined ? '' : String(Value) };
  });
}

/** A name CloudFormation makes up for a resource the template does not name: <stack>-<logical id>-<12 random>, within `max`. */
export function generatedName(context: ResourceContext, max: number, lowerCase = false): string {
  const suffix = randomBytes(9).toString('base64url').replace(/[-_]/g, 'X').slice(0, 12).toUpperCase();
  const name = `${`${context.stackName}-${context.logicalId}`.slice(0, max - 13)}-${suffix}`;
  return lowerCase ? name.toLowerCase() : name;
}
