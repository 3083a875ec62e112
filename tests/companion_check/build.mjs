// Bundles one check (TypeScript, with Companion's sources) for node: esbuild strips the types and
// resolves '@companion-app/shared'; Companion's logger and Util (winston, electron bits) are stubbed.
import * as esbuild from 'esbuild'
import { fileURLToPath } from 'node:url'

const stub = fileURLToPath(new URL('stubs/log.js', import.meta.url))
const stubLog = { name: 'stub-log', setup(b) {
	b.onResolve({ filter: /(Log\/Controller|Resources\/Util)\.js$/ }, () => ({ path: stub }))
} }
// Node 20 has no iterator helpers (Companion targets node 22): the few used are added here.
const iteratorHelpers = `const __IP = Object.getPrototypeOf(Object.getPrototypeOf([].keys()));
if (!__IP.toArray) {
	__IP.toArray = function () { return Array.from(this) };
	__IP.map = function (f) { const it = this; let i = 0; return (function* () { for (const v of { [Symbol.iterator]: () => it }) yield f(v, i++) })() };
	__IP.filter = function (f) { const it = this; let i = 0; return (function* () { for (const v of { [Symbol.iterator]: () => it }) if (f(v, i++)) yield v })() };
}`
const [entry, outfile, shared] = process.argv.slice(2)
await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', outfile, target: 'node20',
	plugins: [stubLog], alias: { '@companion-app/shared': shared }, logLevel: 'warning',
	banner: { js: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);\n" + iteratorHelpers } })
