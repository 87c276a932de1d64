/// <reference types="miniprogram-api-typings" />

// Types of ticketbooth-miniprogram. The wx object is WeChat's own type from
// miniprogram-api-typings; only login, request and cloud.callFunction are used.

export type Privilege = 'create' | 'join' | 'send-audio' | 'recv-audio' | 'send-video' | 'recv-video' | 'send-sub' | 'recv-sub'

/** Headers for the 'header function' auth mode, e.g. `() => ({ Authorization: 'Bearer ' + token })`. */
export type HeaderFunction = () => Record<string, string> | Promise<Record<string, string>>

export interface ClientOptions {
  /** The deployed API, e.g. https://tickets.example.com. Not needed for 'wechat-cloud'. */
  baseUrl?: string
  /** 'wechat-code' (default), 'wechat-cloud', 'none', or a function returning headers. */
  auth?: 'wechat-code' | 'wechat-cloud' | 'none' | HeaderFunction
  /** The wx object to use; default: the global wx. */
  wx?: WechatMiniprogram.Wx
  /** Cloud function names per route, for 'wechat-cloud'. */
  cloudFunctions?: { usersig?: string; privatemapkey?: string; roomurl?: string }
  /** Milliseconds per request (default 10000). */
  timeout?: number
  /** Milliseconds before the one retry of a failed roomsig request (default 1000). */
  roomSigRetryDelay?: number
}

interface Common {
  /** Trusted callers only (dev, apikey backends): the user the ticket is for. */
  userId?: string
  sdkAppId?: number
  /** Lifetime in seconds. */
  expire?: number
}

export interface RoomId {
  roomId?: number
  strRoomId?: string
}

export interface PrivilegesRequest {
  privileges?: Privilege[] | string
  privilegeMap?: number
}

export type UserSigRequest = Common

export type PrivateMapKeyRequest = Common & RoomId & PrivilegesRequest

export interface RoomUrlRequest extends Common, RoomId, PrivilegesRequest {
  flow?: 'rtc' | 'roomsig'
  scene?: 'videocall' | 'live'
  encSmall?: boolean
  cloudEnv?: 'PRO' | 'CCC' | 'DEV' | 'UAT'
  streamId?: string
  userDefineRecordId?: string
  pureAudioMode?: 1 | 2
  recvMode?: 1 | 2 | 3 | 4
  /** The jsonvideoapp reply's RspBody; the kit fetches it itself when flow is 'roomsig'. */
  roomSig?: Record<string, unknown> | string
  bizBuf?: Record<string, unknown> | string
}

export interface UserSigResponse {
  sdkAppId: number
  userId: string
  userSig: string
  expire: number
  expiresAt: string
  serverTime: string
  warnings?: string[]
}

export interface PrivateMapKeyResponse {
  sdkAppId: number
  userId: string
  roomId?: number
  strRoomId?: string
  privilegeMap: number
  privileges: Privilege[]
  privateMapKey: string
  expire: number
  expiresAt: string
  serverTime: string
  warnings?: string[]
}

export interface RoomSigRequest {
  url: string
  method: 'POST'
  header: Record<string, string>
  data: Record<string, unknown>
}

export interface RoomUrlResponse {
  flow: 'rtc' | 'roomsig'
  sdkAppId: number
  userId: string
  roomId?: number
  strRoomId?: string
  pushUrl: string
  userSig?: string
  privateMapKey?: string
  privilegeMap?: number
  privileges?: Privilege[]
  expiresAt?: string
  userSigExpiresAt?: string
  privateMapKeyExpiresAt?: string
  serverTime: string
  warnings?: string[]
}

export interface Client {
  userSig(request?: UserSigRequest): Promise<UserSigResponse>
  privateMapKey(request: PrivateMapKeyRequest): Promise<PrivateMapKeyResponse>
  roomUrl(request: RoomUrlRequest): Promise<RoomUrlResponse>
  /** Sends a roomSigRequest from the phone and resolves with the reply's RspBody (one retry). */
  fetchRoomSig(request: RoomSigRequest): Promise<Record<string, unknown>>
}

export function createClient(options?: ClientOptions): Client

export class TicketboothError extends Error {
  readonly name: 'TicketboothError'
  /** The server's error.code, or network, timeout, bad_response, login_failed, auth_failed,
   * roomsig_80 … roomsig_88, roomsig_failed; for a Room's TRTC errors, TRTC's code as text. */
  readonly code: string
  /** HTTP status, 0 when none. */
  readonly status: number
  readonly requestId: string | null
  /** TRTC's numeric code, on a Room's 'error' events. */
  readonly trtcCode?: number
  /** The account code (70001 …) a -100018 carried. */
  readonly accountCode?: number
}

export interface Player {
  /** userId + '_' + streamType: a stable key for wx:key and the <live-player> id. */
  id: string
  userId: string
  streamType: 'main' | 'aux'
  playUrl: string
  hasVideo: boolean
  hasAudio: boolean
}

export interface RoomOptions extends Omit<RoomUrlRequest, 'roomSig'> {
  /** Bounded back-off for entering again after 1021/-1307 (defaults 5 tries, 1 s doubling to 16 s). */
  reenter?: { attempts?: number; baseDelay?: number; maxDelay?: number }
}

export type RoomState = 'idle' | 'entering' | 'joined' | 'reentering' | 'left' | 'background' | 'failed' | 'exited'

export interface StateChangeDetail {
  code: number | string
  message?: string
}

declare class RoomClass {
  constructor(client: Client, options: RoomOptions)
  readonly state: RoomState
  readonly pushUrl: string
  readonly players: Player[]
  readonly users: string[]
  readonly lastError: TicketboothError | null
  /** Fetches a fresh push URL (also emitted as 'pushUrl'). */
  enter(): Promise<string>
  /** Pass <live-pusher bindstatechange> events (or their detail) as they come. */
  onStateChange(e: { detail: StateChangeDetail } | StateChangeDetail): void
  exit(): void
  on(event: 'players', fn: (players: Player[]) => void): this
  on(event: 'pushUrl', fn: (url: string) => void): this
  on(event: 'joined', fn: () => void): this
  on(event: 'userJoin' | 'userLeave', fn: (e: { userId: string }) => void): this
  on(event: 'kicked', fn: (e: { code: number; message: string }) => void): this
  on(event: 'error', fn: (err: TicketboothError) => void): this
  on(event: 'state', fn: (e: { code: number; message?: string }) => void): this
  off(event: string, fn?: (...args: any[]) => void): this
}
export { RoomClass as Room }

export interface Text {
  en: string
  zh: string
}

export interface Explanation {
  code: string
  kind: 'usersig' | 'account' | 'privatemapkey' | 'roomsig' | 'pusher-error' | 'pusher-state'
  title: Text
  cause: Text
  fix: Text
}

/** TRTC's codes in words (codes.json); null for a code the table does not know. */
export function explain(code: number | string | TicketboothError | { detail: { code: number | string } }): Explanation | null
