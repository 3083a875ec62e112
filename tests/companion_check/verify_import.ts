// Runs Companion's own import path (as far as it is pure) on a .companionconfig file:
// ParseImport.parseImportBuffer -> Data/Upgrade.upgradeImport -> Controller's lastUpgradeIndex fixup ->
// Import.#importInstances-like id map -> ImportFixup.fixupLayeredButtonControl per control (Import.#performPageImport).
import { readFileSync, writeFileSync } from 'node:fs'
import { parseImportBuffer } from './ImportExport/ParseImport.js'
import { upgradeImport, targetVersion } from './Data/Upgrade.js'
import { fixupLayeredButtonControl, type InstanceAppliedRemappings } from './ImportExport/ImportFixup.js'
import { find_smallest_grid_for_page } from './ImportExport/Util.js'
import { VisitorReferencesUpdater } from './Resources/Visitors/ReferencesUpdater.js'

const [file, out, labelSuffix] = process.argv.slice(2)
const logger: any = { info() {}, debug() {}, warn: (...a: any[]) => console.error('WARN', ...a), error: (...a: any[]) => console.error('ERROR', ...a) }
const internalStub: any = { visitReferences() {}, checkFeedbacksById() {} }

const parsed = await parseImportBuffer(readFileSync(file), async () => ({ error: 'yaml path taken: not JSON', data: null }))
if (parsed.error) throw new Error('parseImportBuffer: ' + parsed.error)
const userConfig: any = { buttons_decoration: 'topbar' }
const obj: any = upgradeImport(parsed.data, userConfig)
for (const c of Object.values<any>(obj.instances || {})) if (c) c.lastUpgradeIndex = c.lastUpgradeIndex ?? -1
if (obj.type !== 'page') throw new Error('type after upgrade: ' + obj.type)

// What Import.#importInstances builds when it creates new connections (labels possibly renamed on a clash)
const idMap: InstanceAppliedRemappings = {}
for (const [oldId, inst] of Object.entries<any>(obj.instances)) {
	if (!inst || !inst.label) continue
	if (!inst.moduleId) throw new Error(`instance ${oldId} has no moduleId after upgrade`)
	idMap[oldId] = { id: 'new-' + oldId, label: inst.label + (labelSuffix ?? ''), lastUpgradeIndex: inst.lastUpgradeIndex, oldLabel: inst.label }
}
idMap['internal'] = { id: 'internal', label: 'internal' }
const labelRemap: Record<string, string> = {}, idRemap: Record<string, string> = {}
for (const [oldId, info] of Object.entries(idMap)) {
	if (info.oldLabel && info.label !== info.oldLabel) labelRemap[info.oldLabel] = info.label
	if (info.id && info.id !== oldId) idRemap[oldId] = info.id
}
const updater = new VisitorReferencesUpdater(internalStub, labelRemap, idRemap, undefined)
const controls: Record<string, any> = {}
for (const [row, rowObj] of Object.entries<any>(obj.page.controls)) {
	for (const [column, control] of Object.entries<any>(rowObj)) {
		if (control.type !== 'button-layered') throw new Error(`control ${row}/${column} is ${control.type}`)
		controls[`${row}/${column}`] = fixupLayeredButtonControl(logger, control, updater, idMap)
	}
}
const summary = {
	targetVersion, version: obj.version, type: obj.type, pageName: obj.page.name,
	gridSize: obj.page.gridSize || find_smallest_grid_for_page(obj.page),
	instances: Object.fromEntries(Object.entries<any>(obj.instances).map(([k, v]) => [k, { moduleId: v.moduleId, label: v.label, lastUpgradeIndex: v.lastUpgradeIndex, config: v.config }])),
	idMap, controls,
}
writeFileSync(out, JSON.stringify(summary, null, 1))
console.log(`ok: parsed, upgraded v${(parsed.data as any).version} -> v${obj.version}, ${Object.keys(controls).length} controls fixed up`)
