// Evaluates the imported page's expressions (after Companion's import upgrade) with Companion's own
// expression engine (shared-lib/lib/Expression at 7e1221bd8^, the last in-tree version) against state frames.
import { readFileSync } from 'node:fs'
import { ParseExpression } from './Expression/ExpressionParse.js'
import { ResolveExpression } from './Expression/ExpressionResolve.js'
import { ExpressionFunctions } from './Expression/ExpressionFunctions.js'

const [importedFile, framesFile, expectedFile] = process.argv.slice(2)
const imported = JSON.parse(readFileSync(importedFile, 'utf8'))
const frames: Record<string, any> = JSON.parse(readFileSync(framesFile, 'utf8'))
const wsLabel = imported.idMap['anchor_ws'].label

const result: Record<string, Record<string, any>> = {}
for (const [frameName, frame] of Object.entries(frames)) {
	// generic-websocket stores JSON.stringify(message) (main.js messageReceivedFromWebSocket); '' before the first one
	const raw = frame === null ? '' : JSON.stringify(frame)
	const getVar = ({ variableId }: { variableId: string }) => {
		if (variableId === `${wsLabel}:ac_state`) return raw
		return undefined
	}
	const evaluate = (expr: string) => {
		try { return ResolveExpression(ParseExpression(expr), getVar as any, ExpressionFunctions) }
		catch (e: any) { return `ERROR ${e.message}` }
	}
	const row: Record<string, any> = {}
	for (const [loc, control] of Object.entries<any>(imported.controls)) {
		const lit: string[] = []
		for (const fb of control.feedbacks) {
			if (fb.definitionId !== 'check_expression') continue
			const v = evaluate(fb.options.expression.value)
			if (typeof v === 'string' && v.startsWith('ERROR')) { lit.push(v); continue }
			const on = !!v !== !!fb.isInverted.value
			if (on) lit.push('#' + fb.styleOverrides.find((o: any) => o.elementId === 'box0').override.value.toString(16).padStart(6, '0'))
		}
		for (const lv of control.localVariables) lit.push(`${lv.variableName}=${JSON.stringify(evaluate(lv.options.expression.value))}`)
		row[loc] = lit.join(' ')
	}
	result[frameName] = row
}
const text = JSON.stringify(result, null, 1)
if (!expectedFile) {
	console.log(text)
} else if (JSON.stringify(JSON.parse(readFileSync(expectedFile, 'utf8'))) !== JSON.stringify(result)) {
	console.log(text)
	console.error('MISMATCH with ' + expectedFile)
	process.exit(1)
} else {
	console.log(`ok: ${Object.keys(result).length} frames x ${Object.keys(Object.values(result)[0]).length} keys light as expected`)
}
