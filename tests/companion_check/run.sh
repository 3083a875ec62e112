#!/bin/sh
# Runs Companion's own import code and expression engine on resources/companion/anchor-console.companionconfig.
# Usage: run.sh COMPANION_GIT_DIR [WORK_DIR]
#   COMPANION_GIT_DIR: a clone of Companion's repository (github: bitfocus/companion); needs node >= 20 and npm.
# 1. verify_import: ImportExport/ParseImport.parseImportBuffer -> Data/Upgrade.upgradeImport (v9 -> current)
#    -> ImportFixup.fixupLayeredButtonControl for every key (with a connection label clash, to see references follow);
# 2. verify_expr: every feedback and label expression of the result, evaluated by Companion's expression engine
#    against frames.json, compared with expected_lights.json (which keys light, in which colour, what labels read).
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
GIT=$1
WORK=${2:-$(mktemp -d)}
# Companion moved its expression engine to a package (@companion-app/expressions) that is not on npm;
# this is the last commit with it in shared-lib.
EXPR_REV=${EXPR_REV:-7e1221bd8^}
mkdir -p "$WORK/src" "$WORK/expr" "$WORK/out"
git -C "$GIT" archive HEAD companion/lib shared-lib/lib | tar -x -C "$WORK/src"
git -C "$GIT" archive "$EXPR_REV" shared-lib/lib | tar -x -C "$WORK/expr"
cp -r "$HERE/build.mjs" "$HERE/stubs" "$WORK/"
cp "$HERE/verify_import.ts" "$WORK/src/companion/lib/"
cp "$HERE/verify_expr.ts" "$WORK/expr/shared-lib/lib/"
cd "$WORK"
[ -d node_modules/esbuild ] || { npm init -y >/dev/null; npm install --no-audit --no-fund esbuild@0.25 nanoid@5 \
	stream-json@3 zod@4 colord@2 quick-lru@7 semver@7 fs-extra yaml dayjs acorn@8 jsonpath-plus@10 unicode-segmenter@0.16 >/dev/null; }
node build.mjs src/companion/lib/verify_import.ts out/verify_import.mjs "$WORK/src/shared-lib/lib"
node build.mjs expr/shared-lib/lib/verify_expr.ts out/verify_expr.mjs "$WORK/expr/shared-lib/lib"
node out/verify_import.mjs "$HERE/../../resources/companion/anchor-console.companionconfig" out/imported.json _2
node out/verify_expr.mjs out/imported.json "$HERE/frames.json" "$HERE/expected_lights.json"
