// CloudFormation over the AWS Query protocol (form in, XML out, version 2010-05-15):
// CreateStack, DescribeStacks, DescribeStackResources, ListStackResources,
// DescribeStackEvents, GetTemplate, ValidateTemplate and DeleteStack — enough for the
// AWS CLI's create-stack, describe-stacks, its waiters and delete-stack. Each call is
// authorised by the caller's identity policies (`cloudformation:<Operation>`); the
// resources a stack makes are then authorised one by one as that caller
// (docs/SANDBOX.md, "CloudFormation").
import { randomUUID } from 'node:crypto';
import { AwsError } from '../core/awsError.js';
import { isAllowed } from '../core/policy.js';
import { awsQuery } from '../core/protocols.js';
import { element, type XmlValue } from '../core/queryXml.js';
import type { Operation, Service, SignedCall } from '../core/service.js';
import { stacksOf, type StackRecord, type StackResourceRecord } from '../core/state.js';
import { createStack, deleteStack, findStack, stackArn } from './stacks.js';
import { checkTemplate, type CheckedTemplate } from './template.js';

type CloudFormationOperation = Operation<URLSearchParams, string, SignedCall>;

const STACK_NAME = /^[a-zA-Z][-a-zA-Z0-9]*$/;
const CAPABILITIES = ['CAPABILITY_IAM', 'CAPABILITY_NAMED_IAM', 'CAPABILITY_AUTO_EXPAND'];

const validation = (message: string): AwsError => new AwsError('ValidationError', message);

function authorise({ caller, audit }: SignedCall, operation: string, resource: string): void {
  const action = `cloudformation:${operation}`;
  audit.resource = resource;
  if (!isAllowed(undefined, caller.identityPolicies, { caller, action, resource })) {
    throw new AwsError('AccessDenied', `User: ${caller.arn} is not authorized to perform: ${action} on resource: ${resource} because no identity-based policy allows the ${action} action`, 403);
  }
}

function required(params: URLSearchParams, name: string): string {
  const value = params.get(name);
  if (value === null || value === '') throw validation(`1 validation error detected: Value null at '${name.charAt(0).toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`);
  return value;
}

/** The members of a Query list of structures: `Name.member.N.Field`. */
function structures(params: URLSearchParams, name: string, fields: string[]): Record<string, string | undefined>[] {
  const list: Record<string, string | undefined>[] = [];
  for (let n = 1; fields.some((f) => params.has(`${name}.member.${n}.${f}`)); n++) {
    list.push(Object.fromEntries(fields.map((f) => [f, params.get(`${name}.member.${n}.${f}`) ?? undefined])));
  }
  return list;
}

/** The members of a Query list of strings: `Name.member.N`. */
function strings(params: URLSearchParams, name: string): string[] {
  const list: string[] = [];
  for (let n = 1; params.has(`${name}.member.${n}`); n++) list.push(params.get(`${name}.member.${n}`)!);
  return list;
}

function templateBody(params: URLSearchParams): string {
  if (params.has('TemplateURL')) throw validation('The sandbox takes the template as TemplateBody, not TemplateURL.');
  return required(params, 'TemplateBody');
}

function checkCapabilities(template: CheckedTemplate, given: string[]): void {
  const unknown = given.find((c) => !CAPABILITIES.includes(c));
  if (unknown !== undefined) throw validation(`1 validation error detected: Value '[${given.join(', ')}]' at 'capabilities' failed to satisfy constraint: Member must satisfy constraint: [Member must satisfy enum value set: [${CAPABILITIES.join(', ')}]]`);
  const needed = template.capability?.name;
  if (needed === undefined || given.includes('CAPABILITY_NAMED_IAM') || given.includes(needed)) return;
  throw new AwsError('InsufficientCapabilitiesException', `Requires capabilities : [${needed}]`);
}

const time = (ms: number): Date => new Date(ms);

function stackXml(stack: StackRecord): XmlValue {
  return {
    StackId: stack.stackId,
    StackName: stack.name,
    Description: stack.description,
    Parameters: stack.parameters,
    CreationTime: time(stack.createdAt),
    DeletionTime: stack.deletedAt === undefined ? undefined : time(stack.deletedAt),
    RollbackConfiguration: {},
    StackStatus: stack.status,
    StackStatusReason: stack.statusReason,
    DisableRollback: false,
    NotificationARNs: [],
    Capabilities: stack.capabilities.length === 0 ? undefined : stack.capabilities,
    Outputs: stack.outputs.length === 0 ? undefined : stack.outputs,
    Tags: stack.tags,
    EnableTerminationProtection: false,
    DriftInformation: { StackDriftStatus: 'NOT_CHECKED' },
  };
}

/** A StackResource (DescribeStackResources). */
const resourceXml = (stack: StackRecord, r: StackResourceRecord): XmlValue => ({
  StackName: stack.name,
  StackId: stack.stackId,
  LogicalResourceId: r.logicalId,
  PhysicalResourceId: r.physicalId,
  ResourceType: r.type,
  Timestamp: time(r.updatedAt),
  ResourceStatus: r.status,
  ResourceStatusReason: r.statusReason,
  DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
});

/** A StackResourceSummary (ListStackResources). */
const resourceSummaryXml = (r: StackResourceRecord): XmlValue => ({
  LogicalResourceId: r.logicalId,
  PhysicalResourceId: r.physicalId,
  ResourceType: r.type,
  LastUpdatedTimestamp: time(r.updatedAt),
  ResourceStatus: r.status,
  ResourceStatusReason: r.statusReason,
  DriftInformation: { StackResourceDriftStatus: 'NOT_CHECKED' },
});

/** The stack StackName names; ValidationError "Stack with id X does not exist" otherwise. */
function existingStack(call: SignedCall, operation: string, nameOrId: string): StackRecord {
  const stack = findStack(call, nameOrId);
  authorise(call, operation, stack?.stackId ?? stackArn(call, nameOrId, '*'));
  if (!stack) throw validation(`Stack with id ${nameOrId} does not exist`);
  return stack;
}

const result = (operation: string, value: XmlValue): string => element(`${operation}Result`, value);

export const CLOUDFORMATION_OPERATIONS: Record<string, CloudFormationOperation> = {
  CreateStack: {
    mutates: true,
    async run(params, call) {
      const name = required(params, 'StackName');
      if (name.length > 128 || !STACK_NAME.test(name)) {
        throw validation(`1 validation error detected: Value '${name}' at 'stackName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z][-a-zA-Z0-9]*`);
      }
      const stackId = stackArn(call, name, randomUUID());
      authorise(call, 'CreateStack', stackId);
      if (findStack(call, name)) throw new AwsError('AlreadyExistsException', `Stack [${name}] already exists`);
      const onFailure = params.get('OnFailure') ?? 'ROLLBACK';
      if (onFailure !== 'ROLLBACK' || params.get('DisableRollback') === 'true') throw validation('The sandbox rolls a failed stack back (OnFailure ROLLBACK) and does nothing else on failure.');
      const body = templateBody(params);
      const template = checkTemplate(body);
      const capabilities = strings(params, 'Capabilities');
      const parameters = new Map<string, string>();
      for (const p of structures(params, 'Parameters', ['ParameterKey', 'ParameterValue', 'UsePreviousValue'])) {
        if (p.ParameterKey === undefined) throw validation('Every Parameters member needs a ParameterKey.');
        if (p.UsePreviousValue === 'true') throw validation(`Invalid input for parameter key ${p.ParameterKey}. Cannot specify usePreviousValue as true for a stack that has not been created`);
        parameters.set(p.ParameterKey, p.ParameterValue ?? '');
      }
      const tags = structures(params, 'Tags', ['Key', 'Value']).map((t) => ({ Key: t.Key ?? '', Value: t.Value ?? '' }));
      checkCapabilities(template, capabilities);
      const stack = await createStack(call, { stackId, name, templateBody: body, template, parameters, capabilities, tags });
      return result('CreateStack', { StackId: stack.stackId });
    },
  },

  DescribeStacks: {
    mutates: false,
    run(params, call) {
      const name = params.get('StackName');
      if (name !== null) return result('DescribeStacks', { Stacks: [stackXml(existingStack(call, 'DescribeStacks', name))] });
      authorise(call, 'DescribeStacks', '*');
      const stacks = Object.values(stacksOf(call.store.state)).filter((s) => s.status !== 'DELETE_COMPLETE');
      return result('DescribeStacks', { Stacks: stacks.reverse().map(stackXml) });
    },
  },

  DescribeStackResources: {
    mutates: false,
    run(params, call) {
      const stack = existingStack(call, 'DescribeStackResources', required(params, 'StackName'));
      const logicalId = params.get('LogicalResourceId');
      const resources = Object.values(stack.resources).filter((r) => logicalId === null || r.logicalId === logicalId);
      return result('DescribeStackResources', { StackResources: resources.map((r) => resourceXml(stack, r)) });
    },
  },

  ListStackResources: {
    mutates: false,
    run(params, call) {
      const stack = existingStack(call, 'ListStackResources', required(params, 'StackName'));
      return result('ListStackResources', { StackResourceSummaries: Object.values(stack.resources).map(resourceSummaryXml) });
    },
  },

  DescribeStackEvents: {
    mutates: false,
    run(params, call) {
      const stack = existingStack(call, 'DescribeStackEvents', required(params, 'StackName'));
      const events = [...stack.events].reverse().map((e) => ({
        StackId: stack.stackId,
        EventId: e.eventId,
        StackName: stack.name,
        LogicalResourceId: e.logicalId,
        PhysicalResourceId: e.physicalId,
        ResourceType: e.type,
        Timestamp: time(e.at),
        ResourceStatus: e.status,
        ResourceStatusReason: e.reason,
      }));
      return result('DescribeStackEvents', { StackEvents: events });
    },
  },

  GetTemplate: {
    mutates: false,
    run(params, call) {
      const stack = existingStack(call, 'GetTemplate', required(params, 'StackName'));
      return result('GetTemplate', { TemplateBody: stack.templateBody, StagesAvailable: ['Original', 'Processed'] });
    },
  },

  ValidateTemplate: {
    mutates: false,
    run(params, call) {
      authorise(call, 'ValidateTemplate', '*');
      const template = checkTemplate(templateBody(params));
      const parameters = Object.entries(template.parameters).map(([key, d]) => ({
        ParameterKey: key,
        DefaultValue: d.Default === undefined ? undefined : Array.isArray(d.Default) ? d.Default.join(',') : String(d.Default),
        NoEcho: d.NoEcho === true || d.NoEcho === 'true',
        Description: d.Description,
      }));
      const capability = template.capability;
      return result('ValidateTemplate', {
        Parameters: parameters,
        Description: template.description,
        Capabilities: capability === undefined ? [] : [capability.name],
        CapabilitiesReason: capability === undefined ? undefined : `The following resource(s) require capabilities: [${capability.resourceTypes.join(', ')}]`,
      });
    },
  },

  DeleteStack: {
    mutates: true,
    async run(params, call) {
      const nameOrId = required(params, 'StackName');
      const stack = findStack(call, nameOrId);
      authorise(call, 'DeleteStack', stack?.stackId ?? stackArn(call, nameOrId, '*'));
      // As in AWS, deleting a stack that does not exist (or no longer does) succeeds and does nothing.
      if (stack && stack.status !== 'DELETE_COMPLETE') await deleteStack(call, stack);
      return '';
    },
  },
};

export const CLOUDFORMATION_SERVICE: Service<URLSearchParams, string, SignedCall> = {
  name: 'cloudformation',
  signingName: 'cloudformation',
  protocol: awsQuery('2010-05-15', 'http://cloudformation.amazonaws.com/doc/2010-05-15/'),
  internalErrorCode: 'InternalFailure',
  operations: CLOUDFORMATION_OPERATIONS,
};
