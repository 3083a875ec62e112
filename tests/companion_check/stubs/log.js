const logger = { info() {}, debug() {}, silly() {}, warn: (...a) => console.error('WARN', ...a), error: (...a) => console.error('ERROR', ...a) }
export default { createLogger: () => logger }
export const showFatalError = (...a) => { throw new Error('fatal ' + a.join(' ')) }
export const isPackaged = () => false
