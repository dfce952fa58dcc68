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

const MARK: Record<CheckOutcome, string> = { pass: '✅', warn: '⚠️', fail: '❌' }
const WORD: Record<CheckOutcome, string> = { pass: 'passed', warn: 'passed with warnings', fail: 'failed' }

function renderSection(section: SummarySection): string {
  switch (section.kind) {
    case 'facts':
      return (
        `<h3>${escapeHtml(section.heading)}</h3>\n<table>\n` +
        section.rows
          .map(([label, value]) => `<tr><th align="left">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>\n`)
          .join('') +
        '</table>'
      )
    case 'checks':
      return (
        `<h3>${escapeHtml(section.heading)}</h3>\n<table>\n<tr><th></th><th align="left">Check</th><th align="left">Result</th></tr>\n` +
        section.checks
          .map(
            (check) =>
              `<tr><td>${MARK[check.outcome]}</td><td>${escapeHtml(check.name)}</td><td>${escapeHtml(check.detail)}</td></tr>\n`,
          )
          .join('') +
        '</table>'
      )
    case 'note':
      return `<p><em>${escapeHtml(section.text)}</em></p>`
    case 'table':
      return (
        `<h3>${escapeHtml(section.heading)}</h3>\n<table>\n<tr>${section.columns.map((column) => `<th align="left">${escapeHtml(column)}</th>`).join('')}</tr>\n` +
        section.rows.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>\n`).join('') +
        '</table>'
      )
  }
}

/** Renders the model as the HTML that `core.summary` appends to the step summary. */
export function renderSummaryHtml(model: SummaryModel): string {
  const parts = [
    `<h2>${MARK[model.outcome]} ${escapeHtml(model.title)}: ${WORD[model.outcome]}</h2>`,
    `<p>${escapeHtml(model.lead)}</p>`,
    ...model.sections.map(renderSection),
  ]
  if (model.runUrl !== undefined) parts.push(`<p><a href="${escapeHtml(model.runUrl)}">View this workflow run</a></p>`)
  return `${parts.join('\n')}\n`
}
