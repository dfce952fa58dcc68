/**
 * An HTTP CONNECT proxy on loopback, as enterprises run them. It resolves the
 * names it is told about (api.fastly.test → 127.0.0.1), records every CONNECT,
 * and pipes bytes both ways without looking inside the TLS.
 */
import { createServer, type Server } from 'node:http'
import { connect, type AddressInfo, type Socket } from 'node:net'

export class ConnectProxy {
  readonly connects: string[] = []
  private server: Server | undefined
  private readonly sockets = new Set<Socket>()
  url = ''

  constructor(private readonly hosts: Record<string, string>) {}

  static async start(hosts: Record<string, string>): Promise<ConnectProxy> {
    const proxy = new ConnectProxy(hosts)
    const server = createServer((_req, res) => {
      res.writeHead(405)
      res.end('only CONNECT')
    })
    server.on('connect', (req, client: Socket, head: Buffer) => {
      const target = req.url ?? ''
      proxy.connects.push(target)
      const [host, port] = target.split(':')
      const upstream = connect(Number(port), proxy.hosts[host ?? ''] ?? host ?? '', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      for (const socket of [client, upstream]) {
        proxy.sockets.add(socket)
        socket.on('close', () => proxy.sockets.delete(socket))
      }
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    proxy.server = server
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()))
    proxy.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    return proxy
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy()
    await new Promise<void>((resolve) => this.server?.close(() => resolve()))
  }
}
