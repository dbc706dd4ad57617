#!/usr/bin/env node
'use strict';
// Thin launcher: the CLI lives in src/cli (compiled to dist/ by `npm ci` through the prepare script).
// Broken pipes end quietly (exit 141) and a full disk on stdout exits 2 with one line: see src/cli/io.ts.
require('../dist/src/cli/io.js').guardStandardStreams();
require('../dist/src/cli/main.js')
  .run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
