import {
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  defaultFieldResolver,
  getNullableType,
  isInputObjectType,
  isListType,
  isObjectType,
  isScalarType,
} from "graphql";
import { BadUserInputError } from "../errors";

/**
 * Control characters a field may carry:
 * - `none`: single-line text; every C0/C1 control character is refused;
 * - `lines`: multi-line text; tab, line feed and carriage return are allowed;
 * - `service`: not checked here, because the service refuses them with its own
 *   contract code (addresses: INVALID_ADDRESS) or any character is legitimate
 *   (passwords).
 */
export type ControlPolicy = "none" | "lines" | "service";

export interface InputLimit {
  /** Longest value, in characters (Unicode code points). */
  max: number;
  controls: ControlPolicy;
  /**
   * The service refuses every value but a valid one with its own code, and
   * must answer all of them alike (INVALID_TOKEN for any guessed token, never
   * a hint that its length was wrong); this layer leaves it alone.
   */
  service?: true;
}

/** Every kind of text input and its limit; the README's table lists these. */
export const INPUT_LIMITS = {
  name: { max: 200, controls: "none" },
  description: { max: 2000, controls: "lines" },
  search: { max: 200, controls: "none" },
  password: { max: 1024, controls: "service" },
  address: { max: 320, controls: "service" },
  domain: { max: 320, controls: "service" },
  token: { max: 200, controls: "none", service: true },
  cursor: { max: 2000, controls: "none" },
  id: { max: 100, controls: "none" },
  url: { max: 1000, controls: "none" },
  text: { max: 1000, controls: "none" },
} as const satisfies Record<string, InputLimit>;

export type InputKind = keyof typeof INPUT_LIMITS;

/** Arguments and input fields by name; `Type.field` entries win over plain names. */
const KIND_BY_NAME: Record<string, InputKind> = {
  name: "name",
  displayName: "name",
  action: "name",
  description: "description",
  search: "search",
  password: "password",
  address: "address",
  primaryAddress: "address",
  email: "address",
  sender: "address",
  groupAddress: "address",
  token: "token",
  after: "cursor",
  url: "url",
  types: "name",
  "AddDomainInput.name": "domain",
  "ChangeDomainInput.from": "domain",
  "ChangeDomainInput.to": "domain",
  "CreateApiKeyInput.domains": "domain",
  "CreateApiKeyInput.scopes": "name",
  "CreateApiKeyInput.allowedIps": "name",
};

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;

/**
 * The kind of a String or ID argument/input field: IDs are `id`, others by
 * name (`Owner.name` first), `text` for anything unlisted.
 */
export function inputKindOf(owner: string, name: string, scalar: string): InputKind {
  if (scalar === "ID") return "id";
  return KIND_BY_NAME[`${owner}.${name}`] ?? KIND_BY_NAME[name] ?? "text";
}

/** Refuses `value` with BAD_USER_INPUT when it breaks `limit`. */
export function checkText(value: string, limit: InputLimit, field: string, path = field): void {
  // UTF-16 length is never below the code-point count: count only when it may matter.
  if (value.length > limit.max && [...value].length > limit.max) {
    throw new BadUserInputError(`${field} must be at most ${limit.max} characters.`, { field, path, maxLength: limit.max });
  }
  if (limit.controls === "none" ? CONTROL.test(value) : limit.controls === "lines" && CONTROL_BUT_LINES.test(value)) {
    throw new BadUserInputError(`${field} must not contain control characters.`, { field, path });
  }
}

type Check = (value: unknown, path: string) => void;

function checkFor(type: GraphQLInputType, owner: string, name: string, inputs: Map<string, Check>): Check | null {
  const inner = getNullableType(type);
  if (isListType(inner)) {
    const item = checkFor(inner.ofType, owner, name, inputs);
    if (!item) return null;
    return (value, path) => {
      if (Array.isArray(value)) value.forEach((v, i) => item(v, `${path}[${i}]`));
    };
  }
  if (isScalarType(inner)) {
    if (inner.name !== "String" && inner.name !== "ID") return null;
    const limit: InputLimit = INPUT_LIMITS[inputKindOf(owner, name, inner.name)];
    if (limit.service) return null;
    return (value, path) => {
      if (typeof value === "string") checkText(value, limit, name, path);
    };
  }
  if (isInputObjectType(inner)) {
    const known = inputs.get(inner.name);
    if (known) return known;
    const fields: [string, Check][] = [];
    const check: Check = (value, path) => {
      if (value === null || typeof value !== "object") return;
      for (const [field, c] of fields) c((value as Record<string, unknown>)[field], `${path}.${field}`);
    };
    inputs.set(inner.name, check);
    for (const field of Object.values(inner.getFields())) {
      const c = checkFor(field.type, inner.name, field.name, inputs);
      if (c) fields.push([field.name, c]);
    }
    return check;
  }
  return null;
}

function argsCheck(args: readonly GraphQLArgument[], owner: string, inputs: Map<string, Check>): ((args: Record<string, unknown>) => void) | null {
  const checks: [string, Check][] = [];
  for (const arg of args) {
    const c = checkFor(arg.type, owner, arg.name, inputs);
    if (c) checks.push([arg.name, c]);
  }
  if (checks.length === 0) return null;
  return (values) => {
    for (const [name, c] of checks) c(values[name], name);
  };
}

/**
 * Applies INPUT_LIMITS to every String and ID argument and input field of the
 * schema, once, by wrapping the resolver of each field that takes any: no
 * resolver or service can forget a limit, and a field added later gets the
 * `text` default without anyone writing a check. Both executors (graphql-js
 * and graphql-jit) call these resolvers.
 */
export function applyInputLimits(schema: GraphQLSchema): GraphQLSchema {
  const inputs = new Map<string, Check>();
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const check = argsCheck(field.args, type.name, inputs);
      if (!check) continue;
      const resolve = field.resolve ?? defaultFieldResolver;
      field.resolve = (source, args, context, info) => {
        check(args as Record<string, unknown>);
        return resolve(source, args, context, info);
      };
    }
  }
  return schema;
}

/** Every String/ID argument and input field with the limit it gets (tests, docs). */
export function describeInputLimits(schema: GraphQLSchema): { path: string; kind: InputKind }[] {
  const out: { path: string; kind: InputKind }[] = [];
  const scalarName = (type: GraphQLInputType): string | null => {
    let inner = getNullableType(type);
    while (isListType(inner)) inner = getNullableType(inner.ofType);
    return isScalarType(inner) ? inner.name : null;
  };
  for (const type of Object.values(schema.getTypeMap())) {
    if (type.name.startsWith("__")) continue;
    if (isObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          const s = scalarName(arg.type);
          if (s === "String" || s === "ID") out.push({ path: `${type.name}.${field.name}(${arg.name})`, kind: inputKindOf(type.name, arg.name, s) });
        }
      }
    }
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        const s = scalarName(field.type);
        if (s === "String" || s === "ID") out.push({ path: `${type.name}.${field.name}`, kind: inputKindOf(type.name, field.name, s) });
      }
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path));
}
