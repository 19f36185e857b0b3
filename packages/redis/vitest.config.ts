import { strataProject } from "../../vitest.shared.ts";

// The tests start real redis-server and engine processes: leave room for a busy CI machine.
export default strataProject(import.meta.dirname, { testTimeout: 30_000, hookTimeout: 30_000 });
