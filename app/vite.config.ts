/// <reference types="vitest/config" />
import { fileURLToPath, URL } from "node:url";

import vue from "@vitejs/plugin-vue";
import { defineConfig, type Plugin } from "vite";

/**
 * Vant's stylesheet names a second source for its icon font on at.alicdn.com; the bundled data:
 * URL before it is the same font. The app fetches nothing from outside (and its CSP refuses it),
 * so that source is dropped.
 */
function noOutsideFonts(): Plugin {
  return {
    name: "no-outside-fonts",
    enforce: "pre",
    transform(code, id) {
      if (!id.includes("/vant/") || !id.endsWith(".css")) return null;
      return code.replace(/,\s*url\((?:https?:)?\/\/[^)]*\)\s*format\("[a-z0-9]+"\)/g, "");
    },
  };
}

// The app is served by Django: its pages at /app/ (partysite.views.app_shell) and its built
// files as static files under /static/app/ (STATICFILES_DIRS), so the build's base is the latter.
export default defineConfig({
  base: "/static/app/",
  plugins: [noOutsideFonts(), vue()],
  resolve: { alias: { "@": fileURLToPath(new URL("./src", import.meta.url)) } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      input: {
        index: fileURLToPath(new URL("./index.html", import.meta.url)),
        sw: fileURLToPath(new URL("./src/pwa/sw.ts", import.meta.url)),
      },
      // The service worker keeps a fixed name: Django serves it at /app/sw.js.
      output: {
        entryFileNames: (chunk) => (chunk.name === "sw" ? "sw.js" : "assets/[name]-[hash].js"),
      },
    },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8000", "/media": "http://127.0.0.1:8000" },
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.ts"],
  },
});
