// A CloudFormation template checked before anything is created, as CloudFormation
// checks it: its sections, each resource's type (one the sandbox makes) and
// attributes, every Ref, Fn::GetAtt and Fn::Sub naming something that exists, the
// capabilities its IAM resources need, and the order to create resources in — each
// after what it depends on (DependsOn, and the resources it refers to), a cycle being
// a ValidationError naming the resources in it.
import { AwsError } from '../core/awsError.js';
import { references, templateError, type Reference } from './intrinsics.js';
import { parameterDeclarations, PSEUDO_PARAMETERS, type ParameterDeclaration } from './parameters.js';
import { RESOURCE_TYPES } from './resources/index.js';
import type { Capability } from './resources/resourceType.js';
import { parseTemplateText } from './templateText.js';

export interface TemplateResource {
  logicalId: string;
  type: string;
  properties: Record<string, unknown>;
  dependsOn: string[];
  /** DeletionPolicy Retain (or RetainExceptOnCreate, which keeps it once the stack is made). */
  deletionPolicy: 'Delete' | 'Retain' | 'RetainExceptOnCreate';
  condition?: string;
}

export interface TemplateOutput {
  key: string;
  value: unknown;
  description?: string;
  exportName?: unknown;
  condition?: string;
}

export interface CheckedTemplate {
  description?: string;
  parameters: Record<string, ParameterDeclaration>;
  conditions: Record<string, unknown>;
  mappings: Record<string, unknown>;
  /** In creation order. */
  resources: TemplateResource[];
  outputs: TemplateOutput[];
  /** The capability the template needs, if any, and the resource types that need it. */
  capability?: { name: Capability; resourceTypes: string[] };
}

const SECTIONS = ['AWSTemplateFormatVersion', 'Description', 'Metadata', 'Parameters', 'Mappings', 'Conditions', 'Resources', 'Outputs', 'Rules'];
const RESOURCE_KEYS = ['Type', 'Properties', 'DependsOn', 'DeletionPolicy', 'UpdateReplacePolicy', 'Condition', 'Metadata'];
const DELETION_POLICIES = ['Delete', 'Retain', 'RetainExceptOnCreate'] as const;
/** TemplateBody's largest size, in bytes. */
export const MAX_TEMPLATE_BODY = 51_200;

const formatError = (problem: string): AwsError => new AwsError('ValidationError', `Template format error: ${problem}`);
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function section(template: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = template[name];
  if (value === undefined) return {};
  if (!isObject(value)) throw formatError(`${name} must be a map.`);
  return value;
}

function resourceOf(logicalId: string, declaration: unknown): TemplateResource {
  if (!isObject(declaration) || typeof declaration.Type !== 'string') throw formatError(`[/Resources/${logicalId}] Every Resources object must contain a Type member.`);
  const extra = Object.keys(declaration).find((key) => !RESOURCE_KEYS.includes(key));
  if (extra !== undefined) throw formatError(`Invalid template resource property '${extra}'`);
  const dependsOn = declaration.DependsOn === undefined ? [] : Array.isArray(declaration.DependsOn) ? declaration.DependsOn : [declaration.DependsOn];
  if (!dependsOn.every((d): d is string => typeof d === 'string')) throw formatError(`[/Resources/${logicalId}/DependsOn] DependsOn must be a resource name or a list of them.`);
  const deletionPolicy = declaration.DeletionPolicy ?? 'Delete';
  if (!DELETION_POLICIES.includes(deletionPolicy as never)) throw formatError(`[/Resources/${logicalId}/DeletionPolicy] The sandbox takes DeletionPolicy ${DELETION_POLICIES.join(', ')}, not ${String(deletionPolicy)}.`);
  const properties = declaration.Properties ?? {};
  if (!isObject(properties)) throw formatError(`[/Resources/${logicalId}/Properties] Properties must be a map.`);
  if (declaration.Condition !== undefined && typeof declaration.Condition !== 'string') throw formatError(`[/Resources/${logicalId}/Condition] Condition must be a condition's name.`);
  return { logicalId, type: declaration.Type, properties, dependsOn, deletionPolicy: deletionPolicy as TemplateResource['deletionPolicy'], condition: declaration.Condition as string | undefined };
}

/** Checks that each reference names something: Ref a parameter, pseudo parameter or resource; Fn::GetAtt a resource's attribute. */
function checkReferences(found: Reference[], parameters: Record<string, unknown>, resources: Map<string, TemplateResource>): void {
  const unresolved = new Set<string>();
  for (const { name, attribute } of found) {
    if (attribute === undefined) {
      if (!PSEUDO_PARAMETERS.includes(name) && !Object.hasOwn(parameters, name) && !resources.has(name)) unresolved.add(name);
      continue;
    }
    const resource = resources.get(name);
    if (!resource) throw templateError(`instance of Fn::GetAtt references undefined resource ${name}`);
    if (!RESOURCE_TYPES[resource.type]!.attributes.includes(attribute)) throw templateError(`resource ${name} does not support attribute type ${attribute} in Fn::GetAtt`);
  }
  if (unresolved.size > 0) throw formatError(`Unresolved resource dependencies [${[...unresolved].join(', ')}] in the Resources block of the template`);
}

/** The resources in an order where each comes after those it depends on; a cycle is a ValidationError. */
function creationOrder(resources: TemplateResource[]): TemplateResource[] {
  const remaining = new Map(resources.map((r) => [r.logicalId, r]));
  const ordered: TemplateResource[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.values()].find((r) => r.dependsOn.every((d) => !remaining.has(d)));
    if (!ready) throw new AwsError('ValidationError', `Circular dependency between resources: [${[...remaining.keys()].join(', ')}]`);
    ordered.push(ready);
    remaining.delete(ready.logicalId);
  }
  return ordered;
}

function capabilityOf(resources: TemplateResource[]): CheckedTemplate['capability'] {
  const needs = resources.flatMap((r) => {
    const capability = RESOURCE_TYPES[r.type]!.capability?.(r.properties);
    return capability === undefined ? [] : [{ capability, type: r.type }];
  });
  if (needs.length === 0) return undefined;
  return {
    name: needs.some((n) => n.capability === 'CAPABILITY_NAMED_IAM') ? 'CAPABILITY_NAMED_IAM' : 'CAPABILITY_IAM',
    resourceTypes: [...new Set(needs.map((n) => n.type))],
  };
}

function outputsOf(section: Record<string, unknown>): TemplateOutput[] {
  return Object.entries(section).map(([key, declaration]) => {
    if (!isObject(declaration) || declaration.Value === undefined) throw formatError(`Every Outputs member must contain a Value object, the ${key} member does not.`);
    const exportName = isObject(declaration.Export) ? declaration.Export.Name : undefined;
    return { key, value: declaration.Value, description: declaration.Description as string | undefined, exportName, condition: declaration.Condition as string | undefined };
  });
}

/** Parses and checks a template (TemplateBody); throws ValidationError with CloudFormation's words. */
export function checkTemplate(body: string): CheckedTemplate {
  if (Buffer.byteLength(body) > MAX_TEMPLATE_BODY) {
    throw new AwsError('ValidationError', `1 validation error detected: Value at 'templateBody' failed to satisfy constraint: Member must have length less than or equal to ${MAX_TEMPLATE_BODY}`);
  }
  const template = parseTemplateText(body);
  const unknownSections = Object.keys(template).filter((key) => !SECTIONS.includes(key));
  if (unknownSections.length > 0) throw formatError(`Invalid template property or properties [${unknownSections.join(', ')}]`);
  const declared = section(template, 'Resources');
  if (Object.keys(declared).length === 0) throw formatError('At least one Resources member must be defined.');
  const listed = Object.entries(declared).map(([logicalId, declaration]) => resourceOf(logicalId, declaration));
  const unknownTypes = [...new Set(listed.map((r) => r.type).filter((type) => !Object.hasOwn(RESOURCE_TYPES, type)))];
  if (unknownTypes.length > 0) throw formatError(`Unrecognized resource types: [${unknownTypes.join(', ')}]`);

  const parameters = parameterDeclarations(template.Parameters);
  const conditions = section(template, 'Conditions');
  const byId = new Map(listed.map((r) => [r.logicalId, r]));
  const missingDependencies = listed.flatMap((r) => r.dependsOn.filter((d) => !byId.has(d)));
  if (missingDependencies.length > 0) throw formatError(`Unresolved resource dependencies [${[...new Set(missingDependencies)].join(', ')}] in the Resources block of the template`);
  for (const r of listed) {
    if (r.condition !== undefined && !Object.hasOwn(conditions, r.condition)) throw formatError(`Unresolved dependencies [${r.condition}]. Cannot reference resources in the Conditions block of the template`);
    const found = references(r.properties);
    checkReferences(found, parameters, byId);
    r.dependsOn = [...new Set([...r.dependsOn, ...found.map((f) => f.name).filter((name) => byId.has(name))])];
  }
  const outputs = outputsOf(section(template, 'Outputs'));
  checkReferences(references(outputs.map((o) => [o.value, o.exportName])), parameters, byId);
  checkReferences(references(Object.values(conditions)), parameters, new Map());
  return {
    description: typeof template.Description === 'string' ? template.Description : undefined,
    parameters,
    conditions,
    mappings: section(template, 'Mappings'),
    resources: creationOrder(listed),
    outputs,
    capability: capabilityOf(listed),
  };
}
