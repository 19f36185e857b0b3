import express5 from "express";
import express4 from "express4";
import { describeAdapter } from "../../http/test/support/adapter-suite.ts";
import { startExpressApp } from "./support/test-app.ts";

describeAdapter("@strata/express on Express 5", () => startExpressApp(express5));
describeAdapter("@strata/express on Express 4", () => startExpressApp(express4));
