// Node's test runner cannot load .tsx, so the component is loaded through
// Vite's module runner (the same Oxc transform the console build uses) and
// rendered to HTML with react-dom/server. React stays external, so the
// component and react-dom/server share one React instance.
import { fileURLToPath } from "node:url";
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { runnerImport } from "vite";

/** Imports a .tsx module given a URL relative to the calling test. */
export async function importTsx(url) {
  const { module } = await runnerImport(fileURLToPath(url), {
    configFile: false,
    logLevel: "silent",
  });
  return module;
}

export function render(component, props, ...children) {
  return renderToStaticMarkup(createElement(component, props, ...children));
}

/** The value of `name` on the first element matching `tag`, or undefined. */
export function attribute(html, tag, name) {
  const element = html.match(new RegExp(`<${tag}\\b[^>]*>`));
  if (!element) return undefined;
  const value = element[0].match(new RegExp(`\\s${name}="([^"]*)"`));
  return value ? value[1] : undefined;
}
