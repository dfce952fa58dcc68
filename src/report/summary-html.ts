import type { CheckOutcome } from '../verify/verdict.js'
import type { SummaryModel, SummarySection } from './summary-model.js'

/** Escapes text for HTML. Every string from Fastly passes through here: names are user-chosen. */
export function escapeHtml(value: string): string {
  return (
    value
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&#39;')
      // GitHub renders the summary as Markdown around the HTML; a lone | or newline must stay text.
      .replace(/\|/g, '&#124;')
      .replace(/\r?\n|\r/g, ' ')
  )
}

/**
 * GitHub drops a step's summary over 1 MiB whole, so the action's stays
 * below this: room for the runner's line ends and for the post step's own.
 */
export const MAX_SUMMARY_BYTES = 1024 * 1024 - 64 * 1024
/** Characters kept of a table cell, a fact or a heading: any real name fits; 12 KB names do not. */
export const MAX_CELL_CHARS = 200
/** Characters kept of a sentence: the lead, a note, a check's detail. */
const MAX_TEXT_CHARS = 2000

/** The text cut to `max` characters (code points, so no emoji is split), with … where it was cut. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text
  const points = [...text]
  return points.length <= max ? text : `${points.slice(0, max - 1).join('')}…`
}

const cell = (text: string) => escapeHtml(cutText(text, MAX_CELL_CHARS))
const sentence = (text: string) => escapeHtml(cutText(text, MAX_TEXT_CHARS))

const MARK: Record<CheckOutcome, string> = { pass: '✅', warn: '⚠️', fail: '❌' }
const WORD: Record<CheckOutcome, string> = { pass: 'passed', warn: 'passed with warnings', fail: 'failed' }

type Table = Extract<SummarySection, { kind: 'table' }>

function renderTable(section: Table, leftOut: number): string {
  const more =
    leftOut > 0
      ? `\n<p><em>${sentence(`${leftOut} more row${leftOut === 1 ? '' : 's'} of this table left out to keep the job summary under 1 MiB; ${section.rest ?? 'the log'} has them all.`)}</em></p>`
      : ''
  return (
    `<h3>${cell(section.heading)}</h3>\n<table>\n<tr>${section.columns.map((column) => `<th align="left">${cell(column)}</th>`).join('')}</tr>\n` +
    section.rows.map((row) => `<tr>${row.map((text) => `<td>${cell(text)}</td>`).join('')}</tr>\n`).join('') +
    `</table>${more}`
  )
}

function renderSection(section: SummarySection): string {
  switch (section.kind) {
    case 'facts':
      return (
        `<h3>${cell(section.heading)}</h3>\n<table>\n` +
        section.rows
          .map(([label, value]) => `<tr><th align="left">${cell(label)}</th><td>${cell(value)}</td></tr>\n`)
          .join('') +
        '</table>'
      )
    case 'checks':
      return (
        `<h3>${cell(section.heading)}</h3>\n<table>\n<tr><th></th><th align="left">Check</th><th align="left">Result</th></tr>\n` +
        section.checks
          .map(
            (check) =>
              `<tr><td>${MARK[check.outcome]}</td><td>${cell(check.name)}</td><td>${sentence(check.detail)}</td></tr>\n`,
          )
          .join('') +
        '</table>'
      )
    case 'note':
      return `<p><em>${sentence(section.text)}</em></p>`
    case 'table':
      return renderTable(section, 0)
  }
}

const bytes = (text: string) => Buffer.byteLength(text, 'utf8')

/**
 * Renders the model as the HTML that `core.summary` appends to the step
 * summary, never larger than MAX_SUMMARY_BYTES: every cell and sentence is
 * cut, and while the whole is still too large, the longest table loses its
 * less urgent half (tables list the most urgent first), with a line saying
 * how many rows were left out and where they are.
 */
export function renderSummaryHtml(model: SummaryModel): string {
  const head = [
    `<h2>${MARK[model.outcome]} ${cell(model.title)}: ${WORD[model.outcome]}</h2>`,
    `<p>${sentence(model.lead)}</p>`,
  ]
  const tail =
    model.runUrl !== undefined ? [`<p><a href="${escapeHtml(model.runUrl)}">View this workflow run</a></p>`] : []
  const sections = model.sections.map((section) => ({ section, leftOut: 0, html: renderSection(section) }))
  const total = () => bytes([...head, ...sections.map((part) => part.html), ...tail].join('\n')) + 1
  for (let size = total(); size > MAX_SUMMARY_BYTES; size = total()) {
    const longest = sections
      .filter(
        (part): part is typeof part & { section: Table } =>
          part.section.kind === 'table' && part.section.rows.length > 1,
      )
      .sort((a, b) => bytes(b.html) - bytes(a.html))[0]
    if (longest === undefined) break
    const kept = Math.floor(longest.section.rows.length / 2)
    longest.leftOut += longest.section.rows.length - kept
    longest.section = { ...longest.section, rows: longest.section.rows.slice(0, kept) }
    longest.html = renderTable(longest.section, longest.leftOut)
  }
  return `${[...head, ...sections.map((part) => part.html), ...tail].join('\n')}\n`
}
