import { describe, expect, it } from 'vitest'
import { FastlySimulator } from '../../tools/simulator.js'

describe('FastlySimulator answerDelayMs', () => {
  it('holds regular answers, and faults still answer at once', async () => {
    const simulator = await FastlySimulator.start({ answerDelayMs: 500 })
    try {
      const token = simulator.addToken({ name: 'delayed' })
      const get = async () => {
        const started = performance.now()
        const response = await fetch(`${simulator.url}/tokens/self`, { headers: { 'Fastly-Key': token.secret } })
        await response.text()
        return { status: response.status, ms: performance.now() - started }
      }
      const held = await get()
      expect(held.status).toBe(200)
      expect(held.ms).toBeGreaterThanOrEqual(490)

      simulator.injectFault({ kind: 'status', status: 503 })
      const fault = await get()
      expect(fault.status).toBe(503)
      expect(fault.ms).toBeLessThan(400)
    } finally {
      await simulator.close()
    }
  })
})
