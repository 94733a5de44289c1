#!/bin/sh
# Builds the extension and packages it as palisade-VERSION.vsix in this
# directory. Needs Node.js 20+ and access to the npm registry.
set -eu
cd "$(dirname "$0")"
npm ci
npm run build
# The server is bundled into dist/extension.js: no node_modules in the package.
npx @vscode/vsce package --no-dependencies --skip-license
