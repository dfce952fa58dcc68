import { describe, expect, it } from 'vitest'
import { DeferredLog } from '../../src/steps/deferred-log.js'

describe('DeferredLog', () => {
  it('holds lines, in order and at their level, until handed a log; then writes straight to it', () => {
    const log = new DeferredLog()
    const written: string[] = []
    log.debug('first')
    log.info('second')
    expect(written).toEqual([])
    log.handOver({ debug: (line) => written.push(`debug ${line}`), info: (line) => written.push(`info ${line}`) })
    expect(written).toEqual(['debug first', 'info second'])
    log.info('third')
    expect(written).toEqual(['debug first', 'info second', 'info third'])
  })
})
