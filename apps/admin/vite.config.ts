import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const page = (name: string) => fileURLToPath(new URL(name, import.meta.url));

export default defineConfig({
  plugins: [react()],
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
