import { strataPackage } from "../../tsup.preset.ts";

// One self-contained executable: the workspace packages are bundled in, so the binary runs without a build of its dependencies.
export default strataPackage({ cli: "src/cli.ts" }, { platform: "node", dts: false, noExternal: [/^@strata\//], banner: { js: "#!/usr/bin/env node" } });
