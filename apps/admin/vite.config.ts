import { fileURLToPath } from "node:url";
import optimizeLocales from "@react-aria/optimize-locales-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  // The console is written in English (index.html says lang="en", main.tsx
  // gives React Aria the same locale): its own labels next to the
  // 34 languages React Aria ships for its few built-in strings would only mix
  // languages on one page and cost about 10 kB gzip on the first page.
  plugins: [optimizeLocales.vite({ locales: ["en-US"] }), react()],
  // The API serves dist/ at "/" with an SPA fallback, so deep URLs such as
  // /accounts/42 must still load assets from the root.
  base: "/",
  build: {
    // Vite 8 bundles with Rolldown; build.rollupOptions is its deprecated alias.
    rolldownOptions: {
      input: {
        index: page("index.html"),
        playground: page("playground.html"),
      },
    },
  },
  server: {
    port: 5173,
    strictPort: true,
    // Same-origin in dev too, so the session cookie (SameSite=Lax, Path=/) just works.
    proxy: { "/graphql": "http://localhost:4000" },
  },
});
