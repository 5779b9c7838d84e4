import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// Lives in test/ because the project's top level holds only what the product card lists.
export default defineConfig({
  test: {
    root: fileURLToPath(new URL("..", import.meta.url)),
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
