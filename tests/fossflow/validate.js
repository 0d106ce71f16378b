// validate.js FILE... — checks each FossFLOW document against the schema
// the fossflow npm package exports (modelSchema: zod, with FossFLOW's own
// reference rules: items, icons, anchors, colours). Prints one line per
// file, "valid FILE" or "invalid FILE: path: message" (first 5 issues),
// and exits 1 when any file is invalid or unreadable.
// SPDX-License-Identifier: BSD-3-Clause
'use strict';
const fs = require('fs');
const { modelSchema } = require('fossflow/dist/standaloneExports.js');

let bad = 0;
for (const file of process.argv.slice(2)) {
  let doc;
  try {
    doc = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    console.log(`invalid ${file}: not JSON: ${err.message}`);
    bad++;
    continue;
  }
  const r = modelSchema.safeParse(doc);
  if (r.success) {
    console.log(`valid ${file}`);
    continue;
  }
  bad++;
  const issues = r.error.issues.slice(0, 5).map(
    (i) => `${i.path.join('.') || '$'}: ${i.message}`);
  console.log(`invalid ${file}: ${issues.join('; ')}`);
}
process.exit(bad ? 1 : 0);
