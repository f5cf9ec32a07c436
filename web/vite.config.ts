// Builds the UI as static files that the flowfile server serves; the dev
// server proxies the API to a running `flowfile serve`. Vitest reads the
// same file: unit tests of the UI's logic run in Node, without a browser.
import vue from "@vitejs/plugin-vue";
import { defineConfig } from "vitest/config";

export default defineConfig({
  base: "/",
  plugins: [vue()],
  build: { target: "es2022", sourcemap: false, assetsDir: "assets" },
  server: { proxy: { "/api": "http://127.0.0.1:63578" } },
  test: { include: ["tests/**/*.test.ts"], environment: "node" },
});
