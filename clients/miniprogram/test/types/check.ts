// Compiled (not run) by the tests: the kit's types against miniprogram-api-typings, used the way
// a page uses them. A type error here fails `make test`.
import { createClient, Room, TicketboothError, explain, Player } from '../..'

const client = createClient({ baseUrl: 'https://tickets.example.com', auth: 'wechat-code', wx, timeout: 5000 })
const cloud = createClient({ auth: 'wechat-cloud', cloudFunctions: { roomurl: 'ticketbooth-roomurl' } })
const jwt = createClient({ baseUrl: 'https://tickets.example.com', auth: async () => ({ Authorization: 'Bearer t' }) })

async function page (): Promise<void> {
  const us = await client.userSig({ expire: 3600 })
  const n: number = us.sdkAppId
  const pk = await cloud.privateMapKey({ roomId: 1, privileges: ['join', 'recv-audio'] })
  const names: string[] = pk.privileges
  const u = await jwt.roomUrl({ strRoomId: 'lobby', scene: 'live', recvMode: 2 })
  const url: string = u.pushUrl
  const legacy = await client.roomUrl({ roomId: 12345, flow: 'roomsig' })
  void [n, names, url, legacy.pushUrl]

  const room = new Room(client, { roomId: 1234, privileges: '255', scene: 'videocall', reenter: { attempts: 3 } })
  room.on('players', (list: Player[]) => list.map((p) => p.id + p.playUrl + String(p.hasVideo)))
  room.on('error', (err) => {
    const e: TicketboothError = err
    const ex = explain(e)
    if (ex) console.log(ex.title.zh, ex.fix.en, e.code, e.status, e.requestId)
  })
  const pushUrl: string = await room.enter()
  room.onStateChange({ detail: { code: 1020, message: '{"userlist":[]}' } })
  room.exit()
  void pushUrl
}
void page
