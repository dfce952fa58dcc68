// ncc minifies dist/index.js but not the lazily loaded chunks (NNN.index.js).
// Minifying them too keeps the post step's and the audit's start-up short.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { minify } from 'terser'

const dist = new URL('../dist/', import.meta.url).pathname
for (const file of readdirSync(dist).filter((name) => /^\d+\.index\.js$/.test(name))) {
  const path = join(dist, file)
  const result = await minify(readFileSync(path, 'utf8'), { module: true, compress: true, mangle: true, format: { comments: false } })
  if (result.code === undefined) throw new Error(`terser produced nothing for ${file}`)
  writeFileSync(path, `${result.code}\n`)
}
