// Builds the UI as static files that the flowfile server serves; the
// dev server proxies the API to a running `flowfile serve`.
import { defineConfig } from "vite";

export default defineConfig({
  base: "/",
  build: { target: "es2022", sourcemap: false, assetsDir: "assets" },
  server: { proxy: { "/api": "http://127.0.0.1:63578" } },
});
