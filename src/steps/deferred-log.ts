import type { ClientLog } from '../fastly/client.js'

/**
 * The log of a client made before the toolkit has loaded (main-start.ts):
 * its lines wait, in order, until the step hands over its log, which it does
 * once the secrets are masked. A line can never reach the runner before that.
 */
export class DeferredLog implements ClientLog {
  private target: ClientLog | undefined
  private readonly waiting: Array<{ level: keyof ClientLog; message: string }> = []

  debug(message: string): void {
    this.write('debug', message)
  }

  info(message: string): void {
    this.write('info', message)
  }

  /** From now on lines go to `target`; those that waited go first. */
  handOver(target: ClientLog): void {
    this.target = target
    for (const { level, message } of this.waiting.splice(0)) target[level](message)
  }

  private write(level: keyof ClientLog, message: string): void {
    if (this.target !== undefined) this.target[level](message)
    else this.waiting.push({ level, message })
  }
}
