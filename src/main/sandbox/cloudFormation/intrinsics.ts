// CloudFormation's intrinsic functions: finding what a value refers to (for the
// dependency order and the template's checks) and resolving it once the parameters
// and the resources it names are known. Ref, Fn::GetAtt, Fn::Sub (${Name},
// ${Resource.Attribute}, ${AWS::…} and ${!Literal}), Fn::Join, Fn::Select, Fn::Split,
// Fn::Base64, Fn::FindInMap and Fn::If, with Fn::Equals, Fn::Not, Fn::And, Fn::Or in
// conditions. Strings are taken literally outside Fn::Sub, so an IAM policy variable
// such as "${aws:username}" in a policy is left as it is, as CloudFormation leaves it.
import { AwsError } from '../core/awsError.js';

/** What Ref to AWS::NoValue resolves to: the property or list item is dropped. */
export const NO_VALUE: unique symbol = Symbol('AWS::NoValue');

/** A template value whose intrinsics are resolved. */
export type Resolved = string | number | boolean | null | typeof NO_VALUE | Resolved[] | { [key: string]: Resolved };

/** What a value names: a parameter, pseudo parameter or resource (Ref), or a resource's attribute (Fn::GetAtt). */
export interface Reference {
  name: string;
  attribute?: string;
}

/** What resolution reads: parameter values, pseudo parameters, the resources made so far, conditions and mappings. */
export interface Scope {
  parameters: Record<string, string | string[]>;
  pseudo: Record<string, string>;
  resources: Record<string, { ref: string; attributes: Record<string, string> }>;
  conditions: Record<string, boolean>;
  mappings: Record<string, unknown>;
}

/** A ValidationError of the template itself (not of a service a resource was made with): its words are shown as they are. */
export class TemplateError extends AwsError {
  constructor(message: string) {
    super('ValidationError', message);
  }
}

export const templateError = (problem: string): TemplateError => new TemplateError(`Template error: ${problem}`);

const CONDITION_FUNCTIONS = ['Fn::Equals', 'Fn::Not', 'Fn::And', 'Fn::Or'];

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The one intrinsic an object is, if it is one: a single key that is Ref or Fn::…. */
export function intrinsicOf(value: unknown): [string, unknown] | undefined {
  if (!isObject(value)) return undefined;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === 'Ref' || keys[0]!.startsWith('Fn::')) ? [keys[0]!, value[keys[0]!]] : undefined;
}

/** Fn::Sub's pieces: literal text and ${…} variables; ${!X} is the literal "${X}". */
function subPieces(text: string): ({ literal: string } | { variable: string })[] {
  const pieces: ({ literal: string } | { variable: string })[] = [];
  let rest = text;
  for (let at = rest.indexOf('${'); at >= 0; at = rest.indexOf('${')) {
    const end = rest.indexOf('}', at);
    if (end < 0) break;
    pieces.push({ literal: rest.slice(0, at) });
    const inside = rest.slice(at + 2, end);
    pieces.push(inside.startsWith('!') ? { literal: `\${${inside.slice(1)}}` } : { variable: inside.trim() });
    rest = rest.slice(end + 1);
  }
  pieces.push({ literal: rest });
  return pieces;
}

function subArguments(argument: unknown): { text: string; variables: Record<string, unknown> } {
  if (typeof argument === 'string') return { text: argument, variables: {} };
  if (Array.isArray(argument) && argument.length === 2 && typeof argument[0] === 'string' && isObject(argument[1])) return { text: argument[0], variables: argument[1] };
  throw templateError('Fn::Sub takes a string, or a list of a string and a map of variables.');
}

function getAttArguments(argument: unknown): Reference {
  const parts = typeof argument === 'string' ? [argument.slice(0, Math.max(0, argument.indexOf('.'))), argument.slice(argument.indexOf('.') + 1)] : argument;
  if (!Array.isArray(parts) || parts.length !== 2 || typeof parts[0] !== 'string' || typeof parts[1] !== 'string' || parts[0] === '') {
    throw templateError('Fn::GetAtt takes a list of a resource name and an attribute name.');
  }
  return { name: parts[0], attribute: parts[1] };
}

/** A ${…} variable of Fn::Sub as the reference it makes. */
const subReference = (variable: string): Reference => {
  const dot = variable.indexOf('.');
  return dot < 0 ? { name: variable } : { name: variable.slice(0, dot), attribute: variable.slice(dot + 1) };
};

/** Every Ref, Fn::GetAtt and Fn::Sub variable in `value` (Fn::Sub's own variables excepted). */
export function references(value: unknown): Reference[] {
  const found: Reference[] = [];
  const walk = (v: unknown): void => {
    const intrinsic = intrinsicOf(v);
    if (intrinsic) {
      const [name, argument] = intrinsic;
      if (name === 'Ref' && typeof argument === 'string') return void found.push({ name: argument });
      if (name === 'Fn::GetAtt') return void found.push(getAttArguments(argument));
      if (name === 'Fn::Sub') {
        const { text, variables } = subArguments(argument);
        for (const piece of subPieces(text)) if ('variable' in piece && !Object.hasOwn(variables, piece.variable)) found.push(subReference(piece.variable));
        return walk(Object.values(variables));
      }
      return walk(argument);
    }
    if (Array.isArray(v)) v.forEach(walk);
    else if (isObject(v)) Object.values(v).forEach(walk);
  };
  walk(value);
  return found;
}

function asString(value: Resolved, fn: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw templateError(`${fn} needs a string here.`);
}

function asList(value: Resolved, fn: string): Resolved[] {
  if (!Array.isArray(value)) throw templateError(`${fn} needs a list here.`);
  return value;
}

function twoOrThree(argument: unknown, fn: string, count: number): unknown[] {
  if (!Array.isArray(argument) || argument.length !== count) throw templateError(`${fn} takes a list of ${count} elements.`);
  return argument;
}

/** The value Ref gives for `name`. */
function refValue(name: string, scope: Scope): Resolved {
  if (name === 'AWS::NoValue') return NO_VALUE;
  if (Object.hasOwn(scope.pseudo, name)) return scope.pseudo[name]!;
  if (Object.hasOwn(scope.parameters, name)) return scope.parameters[name]!;
  if (Object.hasOwn(scope.resources, name)) return scope.resources[name]!.ref;
  throw templateError(`Unresolved resource dependencies [${name}] in the Resources block of the template`);
}

function attributeValue({ name, attribute }: Reference, scope: Scope): string {
  const resource = scope.resources[name];
  if (!resource) throw templateError(`Unresolved resource dependencies [${name}] in the Resources block of the template`);
  const value = resource.attributes[attribute!];
  if (value === undefined) throw templateError(`resource ${name} does not support attribute type ${attribute} in Fn::GetAtt`);
  return value;
}

function sub(argument: unknown, scope: Scope): string {
  const { text, variables } = subArguments(argument);
  return subPieces(text)
    .map((piece) => {
      if ('literal' in piece) return piece.literal;
      if (Object.hasOwn(variables, piece.variable)) return asString(resolve(variables[piece.variable], scope), 'Fn::Sub');
      const reference = subReference(piece.variable);
      if (reference.attribute !== undefined && !reference.name.startsWith('AWS::')) return attributeValue(reference, scope);
      const value = refValue(piece.variable, scope);
      return Array.isArray(value) ? value.join(',') : asString(value, 'Fn::Sub');
    })
    .join('');
}

/** The truth of a condition expression (Fn::Equals, Fn::Not, Fn::And, Fn::Or, Condition). */
export function conditionValue(expression: unknown, scope: Scope): boolean {
  const entries = isObject(expression) ? Object.entries(expression) : [];
  if (entries.length !== 1) throw templateError('A condition must be Fn::Equals, Fn::Not, Fn::And, Fn::Or or a Condition.');
  const [fn, argument] = entries[0]!;
  switch (fn) {
    case 'Condition':
      if (typeof argument !== 'string' || !Object.hasOwn(scope.conditions, argument)) throw templateError(`Unresolved condition dependency ${String(argument)} in Fn::If`);
      return scope.conditions[argument]!;
    case 'Fn::Equals': {
      const [a, b] = twoOrThree(argument, fn, 2).map((v) => resolve(v, scope));
      return JSON.stringify(a) === JSON.stringify(b) || (typeof a !== 'object' && typeof b !== 'object' && String(a) === String(b));
    }
    case 'Fn::Not':
      return !conditionValue(twoOrThree(argument, fn, 1)[0], scope);
    case 'Fn::And':
      return asList(argument as Resolved, fn).every((c) => conditionValue(c, scope));
    case 'Fn::Or':
      return asList(argument as Resolved, fn).some((c) => conditionValue(c, scope));
    default:
      throw templateError(`${fn} is not a condition function.`);
  }
}

function findInMap(argument: unknown, scope: Scope): Resolved {
  const [map, top, second] = twoOrThree(argument, 'Fn::FindInMap', 3).map((v) => asString(resolve(v, scope), 'Fn::FindInMap'));
  const value = (scope.mappings[map!] as Record<string, Record<string, Resolved>> | undefined)?.[top!]?.[second!];
  if (value === undefined) throw templateError(`Unable to get mapping for ${map}::${top}::${second}`);
  return value;
}

/** `value` with every intrinsic replaced by what it gives. */
export function resolve(value: unknown, scope: Scope): Resolved {
  const intrinsic = intrinsicOf(value);
  if (intrinsic) {
    const [fn, argument] = intrinsic;
    switch (fn) {
      case 'Ref':
        return refValue(asString(argument as Resolved, fn), scope);
      case 'Fn::GetAtt':
        return attributeValue(getAttArguments(argument), scope);
      case 'Fn::Sub':
        return sub(argument, scope);
      case 'Fn::Join': {
        const [delimiter, list] = twoOrThree(argument, fn, 2);
        return asList(resolve(list, scope), fn)
          .map((item) => asString(item, fn))
          .join(asString(delimiter as Resolved, fn));
      }
      case 'Fn::Select': {
        const [index, list] = twoOrThree(argument, fn, 2);
        const items = asList(resolve(list, scope), fn);
        const at = Number(resolve(index, scope));
        if (!Number.isInteger(at) || at < 0 || at >= items.length) throw templateError('Fn::Select cannot select nonexistent value at index ' + String(at));
        return items[at]!;
      }
      case 'Fn::Split': {
        const [delimiter, text] = twoOrThree(argument, fn, 2);
        return asString(resolve(text, scope), fn).split(asString(delimiter as Resolved, fn));
      }
      case 'Fn::Base64':
        return Buffer.from(asString(resolve(argument, scope), fn)).toString('base64');
      case 'Fn::FindInMap':
        return findInMap(argument, scope);
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = twoOrThree(argument, fn, 3);
        if (typeof condition !== 'string' || !Object.hasOwn(scope.conditions, condition)) throw templateError(`Unresolved condition dependency ${String(condition)} in Fn::If`);
        return resolve(scope.conditions[condition] ? whenTrue : whenFalse, scope);
      }
      default:
        if (CONDITION_FUNCTIONS.includes(fn)) throw templateError(`${fn} can be used only in Conditions.`);
        throw new TemplateError(`Template format error: the sandbox does not support the intrinsic function ${fn}.`);
    }
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, scope)).filter((item) => item !== NO_VALUE);
  if (isObject(value)) {
    const out: Record<string, Resolved> = {};
    for (const [key, member] of Object.entries(value)) {
      const resolved = resolve(member, scope);
      if (resolved !== NO_VALUE) out[key] = resolved;
    }
    return out;
  }
  return value as Resolved;
}
