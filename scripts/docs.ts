/**
 * `npm run docs`: writes the README's inputs and outputs tables from
 * action.yml, between the markers <!-- inputs:start --> ... <!-- inputs:end -->
 * and <!-- outputs:start --> ... <!-- outputs:end -->, and its troubleshooting
 * table from the catalogue of messages (src/report/catalogue.ts), between
 * <!-- troubleshooting:start --> ... <!-- troubleshooting:end -->.
 * `npm run docs -- --check`: fails instead of writing when the README differs,
 * so CI keeps the README and the action in step.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import * as prettier from 'prettier'
import { parse as parseYaml } from 'yaml'
import { CATALOGUE } from '../src/report/catalogue.js'
import { PROJECT_ROOT } from '../tools/runner.js'

interface ActionSpec {
  inputs: Record<string, { description: string; default?: string; required?: boolean }>
  outputs: Record<string, { description: string }>
}

const cell = (text: string) => text.replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|')
const code = (text: string) => (text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``)

export function renderTables(action: ActionSpec): { inputs: string; outputs: string } {
  const inputs = [
    '| input | default | description |',
    '|---|---|---|',
    ...Object.entries(action.inputs).map(
      ([name, spec]) => `| \`${name}\` | ${code(String(spec.default ?? '') || "''")} | ${cell(spec.description)} |`,
    ),
  ].join('\n')
  const outputs = [
    '| output | description |',
    '|---|---|',
    ...Object.entries(action.outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`),
  ].join('\n')
  return { inputs, outputs }
}

const LEVEL: Record<(typeof CATALOGUE)[number]['level'], string> = {
  error: 'error',
  warning: 'warning',
  both: 'warning or error',
}

/** Every message the action can print, as the catalogue defines it. */
export function renderTroubleshooting(): string {
  return [
    '| message | annotation | meaning and what to do |',
    '|---|---|---|',
    ...CATALOGUE.map(
      (entry) => `| ${code(entry.shown)} | ${LEVEL[entry.level]}: ${cell(entry.title)} | ${cell(entry.help)} |`,
    ),
  ].join('\n')
}

function replaceBetween(text: string, marker: string, content: string): string {
  const start = `<!-- ${marker}:start -->`
  const end = `<!-- ${marker}:end -->`
  const from = text.indexOf(start)
  const to = text.indexOf(end)
  if (from < 0 || to < from) throw new Error(`README.md has no ${start} ... ${end} markers`)
  return `${text.slice(0, from + start.length)}\n${content}\n${text.slice(to)}`
}

const readmePath = join(PROJECT_ROOT, 'README.md')
const action = parseYaml(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as ActionSpec
const readme = readFileSync(readmePath, 'utf8')
const tables = renderTables(action)
// Formatted as `npm run format` would, so the generator and the formatter never disagree.
const updated = await prettier.format(
  replaceBetween(
    replaceBetween(replaceBetween(readme, 'inputs', tables.inputs), 'outputs', tables.outputs),
    'troubleshooting',
    renderTroubleshooting(),
  ),
  {
    ...(await prettier.resolveConfig(readmePath)),
    filepath: readmePath,
  },
)

if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error(
      'README.md is out of date with action.yml or the message catalogue: run npm run docs and commit README.md.',
    )
    process.exit(1)
  }
  console.log('README.md inputs, outputs and troubleshooting match action.yml and the message catalogue.')
} else {
  writeFileSync(readmePath, updated)
  console.log(
    updated === readme
      ? 'README.md already matches action.yml and the message catalogue.'
      : 'Updated the inputs, outputs and troubleshooting tables in README.md.',
  )
}
