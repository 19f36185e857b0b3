import { join } from "node:path";
import { describePublishedPackage } from "../../http/test/support/published-package.ts";

describePublishedPackage(join(import.meta.dirname, ".."));
