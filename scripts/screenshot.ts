/**
 * `npm run screenshot`: a picture of the job summary for the README. Runs the
 * bundled action against the simulator (a gate with a scope check, and an
 * audit), puts the summary HTML that core.summary would write into a page
 * styled with github-markdown-css, and captures it with headless Chromium
 * (Debian's chromium package: apt-get install chromium). GitHub's own
 * renderer is not available offline, so this is an approximation.
 */
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { PROJECT_ROOT, runAction } from '../tools/runner.js'
import { seedAuditAccount } from '../tools/seeds.js'
import { FastlySimulator } from '../tools/simulator.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const out = join(PROJECT_ROOT, 'docs', 'job-summary.png')
const css = readFileSync(
  createRequire(import.meta.url).resolve('github-markdown-css/github-markdown-light.css'),
  'utf8',
)

const simulator = await FastlySimulator.start()
let html: string
try {
  const { auditor } = seedAuditAccount(simulator)
  const result = await runAction({
    inputs: {
      'api-token': auditor.secret,
      'api-url': simulator.url,
      'required-scopes': 'global:read',
      audit: 'user',
      'warn-if-expires-within': '7d',
    },
  })
  if (result.summary === '')
    throw new Error(`the action wrote no summary (exit ${result.exitCode}): ${result.stdout.slice(-400)}`)
  html = result.summary
} finally {
  await simulator.close()
}

const page = `<!doctype html><html><head><meta charset="utf-8"><style>${css}
body { background: #fff; margin: 0; }
.frame { max-width: 1012px; margin: 24px auto; border: 1px solid #d0d7de; border-radius: 6px; padding: 24px 32px; }
</style></head><body><div class="frame"><article class="markdown-body">${html}</article></div></body></html>`

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
})
try {
  const tab = await browser.newPage({ viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1 })
  await tab.setContent(page, { waitUntil: 'load' })
  writeFileSync(out, await tab.locator('.frame').screenshot())
  console.log(`Wrote ${out}`)
} finally {
  await browser.close()
}
