import { strataPackage } from "../../tsup.preset.ts";

export default strataPackage(["src/index.ts"]);
