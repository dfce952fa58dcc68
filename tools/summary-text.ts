/**
 * Renders the job summary's HTML as plain text for a terminal: headings,
 * paragraphs and tables as aligned columns. Enough for the summaries this
 * action writes; not a general HTML renderer.
 */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#124;/g, '|')
    .replace(/&amp;/g, '&')
}

const strip = (html: string) => decode(html.replace(/<[^>]+>/g, '')).trim()

export function summaryToText(html: string): string {
  const lines: string[] = []
  const blocks =
    html.match(/<h[1-6][^>]*>[\s\S]*?<\/h[1-6]>|<p>[\s\S]*?<\/p>|<table>[\s\S]*?<\/table>|<ul>[\s\S]*?<\/ul>/g) ?? []
  for (const block of blocks) {
    if (/^<h2/.test(block)) lines.push('', `# ${strip(block)}`)
    else if (/^<h[3-6]/.test(block)) lines.push('', `## ${strip(block)}`)
    else if (block.startsWith('<p>')) {
      const link = /<a href="([^"]+)">([^<]*)<\/a>/.exec(block)
      lines.push(link ? `${strip(block)}: ${decode(link[1]!)}` : strip(block))
    } else if (block.startsWith('<ul>')) {
      for (const item of block.match(/<li>[\s\S]*?<\/li>/g) ?? []) lines.push(`  - ${strip(item)}`)
    } else {
      const rows = (block.match(/<tr>[\s\S]*?<\/tr>/g) ?? []).map((row) =>
        (row.match(/<t[hd][^>]*>[\s\S]*?<\/t[hd]>/g) ?? []).map(strip),
      )
      const widths = rows.reduce<number[]>(
        (acc, row) => row.map((cell, i) => Math.max(acc[i] ?? 0, [...cell].length)),
        [],
      )
      for (const row of rows)
        lines.push(
          `  ${row
            .map((cell, i) => cell.padEnd((widths[i] ?? 0) + (cell.length - [...cell].length)))
            .join('  ')
            .trimEnd()}`,
        )
    }
  }
  return lines.join('\n').trim()
}
