// The floor plus the one request a gate step makes: @actions/core, then GET (or DELETE) /tokens/self
// through Node's own http client (the simulator speaks plain http), one output and one line.
// Not a budget: it shows what a single request costs a fresh Node process on this machine.
import * as core from '@actions/core'
import * as http from 'node:http'

const url = new URL('/tokens/self', process.env.FLOOR_API_URL)
const request = http.request(
  url,
  {
    method: process.env.FLOOR_METHOD ?? 'GET',
    headers: { 'Fastly-Key': process.env.FLOOR_TOKEN ?? '', Accept: 'application/json' },
  },
  (response) => {
    const chunks: Buffer[] = []
    response.on('data', (chunk: Buffer) => chunks.push(chunk))
    response.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8')
      if (response.statusCode === 200) core.setOutput('token-id', (JSON.parse(body) as { id: string }).id)
      core.info(`floor + request: ${response.statusCode}`)
      if ((response.statusCode ?? 0) >= 300) process.exitCode = 1
    })
  },
)
request.on('error', (error) => core.setFailed(error.message))
request.end()
