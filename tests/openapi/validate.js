// validate.js — `node validate.js FILE`: validates an OpenAPI document
// against the OpenAPI 3.x schema and resolves every $ref; prints the
// title, version and number of paths, or the first problems and exits 1.
// SPDX-License-Identifier: BSD-3-Clause
"use strict";
const SwaggerParser = require("@apidevtools/swagger-parser");

SwaggerParser.validate(process.argv[2])
  .then((api) => {
    const n = Object.keys(api.paths || {}).length;
    console.log(`valid OpenAPI ${api.openapi}: ${api.info.title} ${api.info.version}, ${n} paths`);
  })
  .catch((err) => {
    console.error(String(err.message).split("\n").slice(0, 10).join("\n"));
    process.exit(1);
  });
