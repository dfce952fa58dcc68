import { createServer, type Socket } from 'node:net'

/** A TCP server on loopback that accepts connections and never says a word: a TLS handshake with it hangs. */
export interface SilentServer {
  port: number
  close(): Promise<void>
}

export async function startSilentServer(): Promise<SilentServer> {
  const sockets: Socket[] = []
  const server = createServer((socket) => sockets.push(socket))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  return {
    port,
    close: async () => {
      for (const socket of sockets) socket.destroy()
      await new Promise((resolve) => server.close(resolve))
    },
  }
}
