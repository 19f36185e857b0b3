import { strataPackage } from "../../tsup.preset.ts";

export default strataPackage();
