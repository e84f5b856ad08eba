// Reading a CloudFormation template's text: JSON, or YAML with CloudFormation's short
// forms of the intrinsic functions (!Ref X, !GetAtt A.B, !Sub …, !Join […]), each
// turned into its long form ({ "Ref": "X" }, { "Fn::GetAtt": ["A", "B"] }) so the rest
// of the service sees one shape. A text that is neither is AWS's ValidationError.
import { parse as parseYaml, type CollectionTag, type ScalarTag, type YAMLMap, type YAMLSeq } from 'yaml';
import { AwsError } from '../core/awsError.js';

/** Short tag → long form. `!Ref` is the one that is not "Fn::". */
const SHORT_FORMS: Record<string, string> = {
  '!Ref': 'Ref',
  '!Condition': 'Condition',
  ...Object.fromEntries(
    ['GetAtt', 'Sub', 'Join', 'Select', 'Split', 'If', 'Equals', 'Not', 'And', 'Or', 'Base64', 'FindInMap', 'GetAZs', 'ImportValue', 'Cidr', 'Length', 'ToJsonString'].map((name) => [`!${name}`, `Fn::${name}`]),
  ),
};

/** !GetAtt's scalar form: "Resource.Attribute", the attribute possibly dotted itself. */
function getAttArguments(text: string): string[] {
  const dot = text.indexOf('.');
  return dot < 0 ? [text] : [text.slice(0, dot), text.slice(dot + 1)];
}

function shortFormTags(): (ScalarTag | CollectionTag)[] {
  return Object.entries(SHORT_FORMS).flatMap(([tag, longForm]): (ScalarTag | CollectionTag)[] => [
    { tag, resolve: (text: string) => ({ [longForm]: longForm === 'Fn::GetAtt' ? getAttArguments(text) : text }) },
    { tag, collection: 'seq', resolve: (seq: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [longForm]: seq.toJSON() }) },
    { tag, collection: 'map', resolve: (map: YAMLSeq.Parsed | YAMLMap.Parsed) => ({ [longForm]: map.toJSON() }) },
  ]);
}

const formatError = (problem: string): AwsError => new AwsError('ValidationError', `Template format error: ${problem}`);

/** The template as a JSON value; JSON when it starts with "{", YAML otherwise (as CloudFormation decides). */
export function parseTemplateText(text: string): Record<string, unknown> {
  let template: unknown;
  if (text.trimStart().startsWith('{')) {
    try {
      template = JSON.parse(text);
    } catch {
      throw formatError('JSON not well-formed.');
    }
  } else {
    try {
      template = parseYaml(text, { customTags: shortFormTags(), uniqueKeys: true });
    } catch (error) {
      const at = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
      throw formatError(`YAML not well-formed.${at ? ` (line ${at.line}, column ${at.col})` : ''}`);
    }
  }
  if (typeof template !== 'object' || template === null || Array.isArray(template)) throw formatError('The template is not a JSON or YAML object.');
  return template as Record<string, unknown>;
}
