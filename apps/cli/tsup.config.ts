import { strataPackage } from "../../tsup.preset.ts";

// One self-contained executable: the workspace packages (devDependencies, so users install none of them) are bundled in; only node: built-ins stay external.
export default strataPackage({ cli: "src/cli.ts" }, { platform: "node", dts: false, noExternal: [/^@strata\//], banner: { js: "#!/usr/bin/env node" } });
