// Validates data·inclusion files against the schema's JSON Schemas with ajv 8.20.0 + ajv-formats 3.0.1 (MIT, vendored
// from npm and bundled into ajv-bundle.cjs with esbuild): an independent validator for Relais's export.
// Usage: node validate.cjs <schema.json> <data.json>  — data is a JSON array; each element is validated.
// Prints {"valid": n, "errors": [{"index", "path", "message"}]} and exits 0 when all are valid, 1 otherwise.
// The schemas carry no "$schema": they use "$defs" (pydantic's output), so draft 2020-12 is used.
const fs = require("fs");
const { Ajv2020, addFormats } = require("./ajv-bundle.cjs");

const schema = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
const data = JSON.parse(fs.readFileSync(process.argv[3], "utf8").replace(/^\uFEFF/, ""));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);
const errors = [];
let valid = 0;
if (!Array.isArray(data)) {
  errors.push({ index: null, path: "", message: "not a JSON array" });
} else {
  data.forEach((item, index) => {
    if (validate(item)) { valid++; return; }
    for (const e of validate.errors) { errors.push({ index, path: e.instancePath, message: e.message, params: e.params }); }
  });
}
process.stdout.write(JSON.stringify({ valid, errors }));
process.exit(errors.length === 0 ? 0 : 1);
