// Creating and deleting stacks. Creation runs within the CreateStack request (the
// stack is CREATE_COMPLETE when the call returns): each resource in dependency order,
// its properties resolved against the parameters and the resources made before it,
// created through the sandbox's own operations as the caller. When one fails it is
// CREATE_FAILED, the ones made are deleted in reverse order (DeletionPolicy Retain
// kept) and the stack is ROLLBACK_COMPLETE with CloudFormation's reason. Deletion goes
// in reverse creation order too. Every step is a stack event, as DescribeStackEvents
// shows it.
import { randomUUID } from 'node:crypto';
import { AwsError } from '../core/awsError.js';
import type { SignedCall } from '../core/service.js';
import { stacksOf, type StackRecord, type StackResourceRecord, type StackResourceStatus, type StackStatus } from '../core/state.js';
import { conditionValue, resolve, TemplateError, type Scope } from './intrinsics.js';
import { parameterValues, pseudoParameters } from './parameters.js';
import { RESOURCE_TYPES } from './resources/index.js';
import { checkProperties, type ResourceContext } from './resources/resourceType.js';
import type { CheckedTemplate, TemplateResource } from './template.js';

const STACK_TYPE = 'AWS::CloudFormation::Stack';

export interface NewStack {
  stackId: string;
  name: string;
  templateBody: string;
  template: CheckedTemplate;
  parameters: Map<string, string>;
  capabilities: string[];
  tags: { Key: string; Value: string }[];
}

export const stackArn = (call: SignedCall, name: string, id: string): string => `arn:aws:cloudformation:${call.store.state.region}:${call.store.state.accountId}:stack/${name}/${id}`;

/** The stack a StackName (a name, or a stack id) names: by id even once deleted, by name only while it exists. */
export function findStack(call: SignedCall, nameOrId: string): StackRecord | undefined {
  const stacks = stacksOf(call.store.state);
  if (Object.hasOwn(stacks, nameOrId)) return stacks[nameOrId];
  return Object.values(stacks).find((s) => s.name === nameOrId && s.status !== 'DELETE_COMPLETE');
}

function record(call: SignedCall, stack: StackRecord, logicalId: string, type: string, status: string, physicalId?: string, reason?: string): void {
  stack.events.push({ eventId: randomUUID(), logicalId, physicalId, type, status, reason, at: call.store.now() });
}

function setStackStatus(call: SignedCall, stack: StackRecord, status: StackStatus, reason?: string): void {
  stack.status = status;
  stack.statusReason = reason;
  record(call, stack, stack.name, STACK_TYPE, status, stack.stackId, reason);
}

function setResourceStatus(call: SignedCall, stack: StackRecord, resource: StackResourceRecord, status: StackResourceStatus, reason?: string): void {
  resource.status = status;
  resource.statusReason = reason;
  resource.updatedAt = call.store.now();
  record(call, stack, resource.logicalId, resource.type, status, resource.physicalId, reason);
}

/** Handler error codes, as CloudFormation's resource handlers report them. */
function handlerErrorCode(error: AwsError): string {
  if (error.status >= 500) return 'InternalFailure';
  if (/AccessDenied/.test(error.code)) return 'AccessDenied';
  if (/AlreadyExists|AlreadyOwned|Conflict/.test(error.code)) return 'AlreadyExists';
  if (/NotFound|NoSuch/.test(error.code)) return 'NotFound';
  if (/LimitExceeded/.test(error.code)) return 'ServiceLimitExceeded';
  return 'InvalidRequest';
}

/** Why a resource's step failed, in the words CloudFormation shows. */
function failureReason(error: unknown): string {
  if (!(error instanceof AwsError)) {
    process.stderr.write(`signet sandbox: internal error in CloudFormation: ${(error as Error)?.stack ?? String(error)}\n`);
    return 'Internal Failure';
  }
  if (error instanceof TemplateError) return error.message;
  return `Resource handler returned message: "${error.message}" (Service: ${error.code}, Status Code: ${error.status}) (HandlerErrorCode: ${handlerErrorCode(error)})`;
}

/** A resource's operations run as the caller; what they note for the audit log stays theirs, so CreateStack's own line names the stack. */
const contextFor = (call: SignedCall, stack: StackRecord, logicalId: string): ResourceContext => ({ call: { ...call, audit: {} }, stackName: stack.name, logicalId });

/** Whether deletion keeps the resource: DeletionPolicy Retain always, RetainExceptOnCreate unless a failed creation is rolled back. */
const retained = (resource: StackResourceRecord, rollingBack: boolean): boolean =>
  resource.deletionPolicy === 'Retain' || (resource.deletionPolicy === 'RetainExceptOnCreate' && !rollingBack);

/** Deletes the stack's resources in reverse creation order; returns the ones that failed to delete. */
async function deleteResources(call: SignedCall, stack: StackRecord, rollingBack: boolean): Promise<string[]> {
  const failed: string[] = [];
  for (const resource of Object.values(stack.resources).reverse()) {
    if (resource.status === 'DELETE_COMPLETE' || resource.status === 'DELETE_SKIPPED') continue;
    if (resource.physicalId === undefined) {
      if (resource.status !== 'CREATE_FAILED') continue;
      setResourceStatus(call, stack, resource, 'DELETE_COMPLETE');
      continue;
    }
    if (retained(resource, rollingBack)) {
      setResourceStatus(call, stack, resource, 'DELETE_SKIPPED');
      continue;
    }
    setResourceStatus(call, stack, resource, 'DELETE_IN_PROGRESS');
    try {
      await RESOURCE_TYPES[resource.type]!.delete(resource, contextFor(call, stack, resource.logicalId));
      setResourceStatus(call, stack, resource, 'DELETE_COMPLETE');
    } catch (error) {
      setResourceStatus(call, stack, resource, 'DELETE_FAILED', failureReason(error));
      failed.push(resource.logicalId);
    }
  }
  return failed;
}

/** Creates one resource; throws what made it fail (the resource already CREATE_FAILED). */
async function createResource(call: SignedCall, stack: StackRecord, declared: TemplateResource, scope: Scope): Promise<void> {
  const resource: StackResourceRecord = {
    logicalId: declared.logicalId,
    type: declared.type,
    status: 'CREATE_IN_PROGRESS',
    updatedAt: call.store.now(),
    attributes: {},
    properties: {},
    deletionPolicy: declared.deletionPolicy,
  };
  stack.resources[declared.logicalId] = resource;
  record(call, stack, resource.logicalId, resource.type, 'CREATE_IN_PROGRESS');
  try {
    const type = RESOURCE_TYPES[declared.type]!;
    resource.properties = resolve(declared.properties, scope) as Record<string, unknown>;
    checkProperties(type, declared.type, declared.logicalId, resource.properties);
    const created = await type.create(resource.properties, contextFor(call, stack, declared.logicalId));
    resource.physicalId = created.physicalId;
    resource.attributes = created.attributes;
    scope.resources[declared.logicalId] = { ref: created.physicalId, attributes: created.attributes };
    setResourceStatus(call, stack, resource, 'CREATE_COMPLETE');
  } catch (error) {
    setResourceStatus(call, stack, resource, 'CREATE_FAILED', failureReason(error));
    throw error;
  }
}

/** The conditions another condition names ({ "Condition": name }). */
function conditionNames(expression: unknown): string[] {
  if (Array.isArray(expression)) return expression.flatMap(conditionNames);
  if (typeof expression !== 'object' || expression === null) return [];
  const entries = Object.entries(expression);
  if (entries.length === 1 && entries[0]![0] === 'Condition' && typeof entries[0]![1] === 'string') return [entries[0]![1]];
  return entries.flatMap(([, value]) => conditionNames(value));
}

/** Each condition's truth, those it names first. */
function evaluateConditions(template: CheckedTemplate, scope: Scope): void {
  const visiting = new Set<string>();
  const evaluate = (name: string): void => {
    if (Object.hasOwn(scope.conditions, name)) return;
    if (visiting.has(name)) throw new AwsError('ValidationError', `Template error: Circular dependency between conditions: [${[...visiting].join(', ')}]`);
    visiting.add(name);
    for (const named of conditionNames(template.conditions[name])) if (Object.hasOwn(template.conditions, named)) evaluate(named);
    scope.conditions[name] = conditionValue(template.conditions[name], scope);
  };
  for (const name of Object.keys(template.conditions)) evaluate(name);
}

/**
 * Creates the stack and its resources. Parameter problems are ValidationErrors before
 * anything is made; a resource that fails leaves the stack ROLLBACK_COMPLETE (or
 * ROLLBACK_FAILED when a rollback deletion fails too). Returns the stack record.
 */
export async function createStack(call: SignedCall, request: NewStack): Promise<StackRecord> {
  const { template } = request;
  const { state } = call.store;
  const { values, shown } = parameterValues(template.parameters, request.parameters);
  const scope: Scope = {
    parameters: values,
    pseudo: pseudoParameters(state.accountId, state.region, request.name, request.stackId),
    resources: {},
    conditions: {},
    mappings: template.mappings,
  };
  evaluateConditions(template, scope);
  const stack: StackRecord = {
    stackId: request.stackId,
    name: request.name,
    description: template.description,
    status: 'CREATE_IN_PROGRESS',
    createdAt: call.store.now(),
    templateBody: request.templateBody,
    parameters: shown,
    capabilities: request.capabilities,
    tags: request.tags,
    outputs: [],
    resources: {},
    events: [],
  };
  stacksOf(state)[stack.stackId] = stack;
  setStackStatus(call, stack, 'CREATE_IN_PROGRESS', 'User Initiated');
  const failed: string[] = [];
  for (const declared of template.resources) {
    if (declared.condition !== undefined && !scope.conditions[declared.condition]) continue;
    try {
      await createResource(call, stack, declared, scope);
    } catch {
      failed.push(declared.logicalId);
      break;
    }
  }
  if (failed.length === 0) {
    try {
      stack.outputs = template.outputs
        .filter((o) => o.condition === undefined || scope.conditions[o.condition])
        .map((o) => ({
          OutputKey: o.key,
          OutputValue: String(resolve(o.value, scope)),
          Description: o.description,
          ExportName: o.exportName === undefined ? undefined : String(resolve(o.exportName, scope)),
        }));
      setStackStatus(call, stack, 'CREATE_COMPLETE');
      return stack;
    } catch (error) {
      setStackStatus(call, stack, 'ROLLBACK_IN_PROGRESS', failureReason(error));
    }
  } else {
    setStackStatus(call, stack, 'ROLLBACK_IN_PROGRESS', `The following resource(s) failed to create: [${failed.join(', ')}]. Rollback requested by user.`);
  }
  const reason = stack.statusReason;
  const notDeleted = await deleteResources(call, stack, true);
  setStackStatus(call, stack, notDeleted.length === 0 ? 'ROLLBACK_COMPLETE' : 'ROLLBACK_FAILED', notDeleted.length === 0 ? reason : `The following resource(s) failed to delete: [${notDeleted.join(', ')}]. `);
  return stack;
}

/** Deletes the stack's resources (Retain ones kept) and marks it DELETE_COMPLETE, or DELETE_FAILED naming what could not be deleted. */
export async function deleteStack(call: SignedCall, stack: StackRecord): Promise<void> {
  setStackStatus(call, stack, 'DELETE_IN_PROGRESS', 'User Initiated');
  const failed = await deleteResources(call, stack, false);
  if (failed.length > 0) return setStackStatus(call, stack, 'DELETE_FAILED', `The following resource(s) failed to delete: [${failed.join(', ')}]. `);
  stack.deletedAt = call.store.now();
  setStackStatus(call, stack, 'DELETE_COMPLETE');
}
