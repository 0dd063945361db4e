/// <reference types="vitest/config" />
import { createHash } from "node:crypto";
import { readdirSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { fileURLToPath, URL } from "node:url";

import vue from "@vitejs/plugin-vue";
import { build, defineConfig, type Plugin, type ResolvedConfig, type Rollup } from "vite";

const SRC = fileURLToPath(new URL("./src", import.meta.url));

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

/** Every file under a directory, relative to it with forward slashes. */
function filesUnder(directory: string): string[] {
  return readdirSync(directory, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(directory, join(entry.parentPath, entry.name)).split(sep).join("/"));
}

/** Placeholder for the release's version while the worker is built: the version is a digest of
 * the worker's code and the shell it caches, so it is written in after. */
const VERSION_PLACEHOLDER = "__sw_version_placeholder__";

/**
 * dist/sw.js, the service worker (src/pwa/sw.ts), built apart from the app into one classic
 * script without imports (a worker cannot load the app's chunks, and a module worker is not
 * supported everywhere), with the list of the release's files to cache and its version written
 * in: the built files under /static/app/ (the app's bundle and public/) but the manifest and
 * index.html (which the worker caches from /app/). The version changes exactly when the worker or
 * what it caches does, so an identical build is not announced as a new version.
 */
function serviceWorker(): Plugin {
  let config: ResolvedConfig;
  return {
    name: "service-worker",
    // After Vite's own generateBundle hooks, which drop the chunks that held only CSS: the precache
    // list must name only files the build writes.
    enforce: "post",
    apply: "build",
    configResolved(resolved) {
      config = resolved;
    },
    async generateBundle(_options, bundle) {
      const publicFiles = config.publicDir ? filesUnder(config.publicDir) : [];
      const files = [...Object.keys(bundle), ...publicFiles]
        .filter((name) => name !== "index.html" && !name.endsWith(".map") && !name.endsWith(".webmanifest"))
        .sort()
        .map((name) => `${config.base}${name}`);
      const output = (await build({
        configFile: false,
        logLevel: "warn",
        publicDir: false,
        resolve: { alias: { "@": SRC } },
        define: {
          __SW_PRECACHE__: JSON.stringify(files),
          __SW_VERSION__: JSON.stringify(VERSION_PLACEHOLDER),
        },
        build: {
          write: false,
          minify: config.build.minify,
          target: "es2020",
          modulePreload: false,
          rollupOptions: {
            input: join(SRC, "pwa", "sw.ts"),
            output: { format: "iife", entryFileNames: "sw.js", inlineDynamicImports: true },
          },
        },
      })) as Rollup.RollupOutput;
      const chunks = output.output.filter((item): item is Rollup.OutputChunk => item.type === "chunk");
      if (chunks.length !== 1) this.error(`the service worker must be one script, not ${chunks.length}`);
      const index = bundle["index.html"];
      const shell = index?.type === "asset" ? String(index.source) : "";
      const code = chunks[0].code;
      const version = createHash("sha256").update(code).update(shell).digest("hex").slice(0, 12);
      const source = `// Member app service worker, release ${version}\n${code.replaceAll(VERSION_PLACEHOLDER, version)}`;
      this.emitFile({ type: "asset", fileName: "sw.js", source });
    },
  };
}

// The app is served by Django: its pages at /app/ (partysite.views.app_shell) and its built
// files as static files under /static/app/ (STATICFILES_DIRS), so the build's base is the latter.
export default defineConfig({
  base: "/static/app/",
  plugins: [noOutsideFonts(), vue(), serviceWorker()],
  resolve: { alias: { "@": SRC } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // The service worker (dist/sw.js, served by Django at /app/sw.js) is built apart:
      // serviceWorker() above.
      input: { index: fileURLToPath(new URL("./index.html", import.meta.url)) },
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
