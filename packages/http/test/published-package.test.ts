import { join } from "node:path";
import { describePublishedPackage } from "./support/published-package.ts";

describePublishedPackage(join(import.meta.dirname, ".."));
