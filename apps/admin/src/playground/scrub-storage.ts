import { Kind, parse, print, visit } from "graphql";
import type { OperationDefinitionNode } from "graphql";

/** True when the text may run the `login` mutation (the only operation that takes a password). */
export function mentionsLogin(query: string): boolean {
  return /\blogin\b/.test(query);
}

/** Every variable used anywhere in a document. */
function usedVariables(operation: OperationDefinitionNode): Set<string> {
  const used = new Set<string>();
  visit(operation.selectionSet, { Variable: (node) => void used.add(node.name.value) });
  return used;
}

/**
 * The document with every `login` field's arguments removed, and the
 * variable definitions nothing uses any more. Text that does not parse yet
 * (someone is typing) loses every quoted string after `login(` instead.
 */
export function stripLogin(query: string): string {
  if (!mentionsLogin(query)) return query;
  try {
    const stripped = visit(parse(query), {
      Field: (node) => (node.name.value === "login" && node.arguments?.length ? { ...node, arguments: [] } : undefined),
    });
    const cleaned = visit(stripped, {
      OperationDefinition: (node) => {
        const used = usedVariables(node);
        return { ...node, variableDefinitions: node.variableDefinitions?.filter((d) => used.has(d.variable.name.value)) };
      },
    });
    return cleaned.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION) ? print(cleaned) : "";
  } catch {
    return query.replace(/(\blogin\b[\s\S]*)/, (tail) => tail.replace(/"(?:[^"\\]|\\.)*"/g, '""'));
  }
}

/** Drops every variable whose name says password, at any depth; unparsable text loses such values by pattern. */
export function stripPasswords(variables: string): string {
  if (!/password/i.test(variables)) return variables;
  const drop = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(drop);
    if (value && typeof value === "object")
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => !/password/i.test(k))
          .map(([k, v]) => [k, drop(v)]),
      );
    return value;
  };
  try {
    return JSON.stringify(drop(JSON.parse(variables)), null, 2);
  } catch {
    return variables.replace(/("[^"]*password[^"]*"\s*:\s*)"(?:[^"\\]|\\.)*"/gi, '$1""');
  }
}

/**
 * A stored tab or history entry: one that mentions `login` keeps no
 * arguments, no variables and no response (the response holds the session token).
 */
function scrubEntries(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(scrubEntries);
  if (!value || typeof value !== "object") return value;
  const entry = { ...(value as Record<string, unknown>) };
  for (const [key, child] of Object.entries(entry)) {
    if (child && typeof child === "object") entry[key] = scrubEntries(child);
  }
  if (typeof entry.query === "string" && mentionsLogin(entry.query)) {
    entry.query = stripLogin(entry.query);
    if ("variables" in entry) entry.variables = "";
    if ("response" in entry) entry.response = "";
  } else if (typeof entry.variables === "string") {
    entry.variables = stripPasswords(entry.variables);
  }
  return entry;
}

/** What GraphiQL may keep under `key`: its query, variables, tabs and history without login secrets. */
export function scrub(key: string, value: string): string {
  if (key.endsWith(":query")) return stripLogin(value);
  if (key.endsWith(":variables")) return stripPasswords(value);
  if (!mentionsLogin(value) && !/password/i.test(value)) return value;
  try {
    return JSON.stringify(scrubEntries(JSON.parse(value)));
  } catch {
    return stripPasswords(stripLogin(value));
  }
}

/**
 * GraphiQL's storage (tabs, history, editors) over localStorage, scrubbed on
 * every write, so a password typed into the playground never stays in the
 * browser (DESIGN.md §7; the console's own session needs no login here).
 */
export function scrubbingStorage(backing: globalThis.Storage) {
  return {
    getItem: (key: string) => backing.getItem(key),
    setItem: (key: string, value: string) => backing.setItem(key, scrub(key, value)),
    removeItem: (key: string) => backing.removeItem(key),
    clear: () => backing.clear(),
    get length() {
      return backing.length;
    },
  };
}
