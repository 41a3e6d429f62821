// Monaco runs its language services in web workers. Vite only bundles a worker
// it can see as a `?worker` import in our own source; graphiql's ready-made
// "graphiql/setup-workers/vite" module hides these imports inside node_modules,
// where Vite's dependency pre-bundling cannot process them and the dev server
// dies on startup (graphql/graphiql#4038, #4473). Importing them here bundles
// the workers into dist/assets, so nothing is ever fetched from a CDN.
import EditorWorker from "monaco-editor/esm/vs/editor/editor.worker.js?worker";
import JsonWorker from "monaco-editor/esm/vs/language/json/json.worker.js?worker";
import GraphQLWorker from "monaco-graphql/esm/graphql.worker.js?worker";

interface MonacoEnvironment {
  getWorker(workerId: string, label: string): Worker;
}

(globalThis as typeof globalThis & { MonacoEnvironment?: MonacoEnvironment }).MonacoEnvironment = {
  getWorker(_workerId, label) {
    // GraphiQL's query editor asks for "graphql"; variables and headers for "json".
    if (label === "graphql") return new GraphQLWorker();
    if (label === "json") return new JsonWorker();
    return new EditorWorker();
  },
};
