import { createGatewayClient, type GatewayClientDeps } from '../../src/main/gateway'
import type { Gateway, GatewayConfig } from '../../src/main/gateway/types'
import {
  generateSandboxCredentials,
  sandboxDefiniteRefusals,
  startSandbox,
  type Sandbox
} from '../../src/sandbox'

export interface SandboxGateway {
  readonly sandbox: Sandbox
  readonly gateway: Gateway
  /** Another client of the same sandbox, configured otherwise (a till whose settings changed). */
  clientWith(overrides: Partial<GatewayConfig>): Gateway
  close(): Promise<void>
}

let credentials: ReturnType<typeof generateSandboxCredentials> | undefined

/**
 * The real sandbox over real HTTP on loopback, and a real client for it, on the given clock;
 * `transport` lets a test watch the client's exchanges.
 */
export async function startSandboxGateway(
  now: () => number,
  deps: Pick<GatewayClientDeps, 'transport'> = {}
): Promise<SandboxGateway> {
  // RSA key generation is the slow part; one set of keys serves a whole test file.
  credentials ??= generateSandboxCredentials()
  const keys = await credentials
  const sandbox = await startSandbox({
    appId: keys.appId,
    merchantNo: keys.merchantNo,
    storeNo: keys.storeNo,
    appPublicKeyPem: keys.appPublicKeyPem,
    gatewayPrivateKeyPem: keys.gatewayPrivateKeyPem,
    now
  })
  const clientWith = (overrides: Partial<GatewayConfig>): Gateway =>
    createGatewayClient(
      {
        baseUrl: sandbox.url,
        appId: keys.appId,
        merchantNo: keys.merchantNo,
        storeNo: keys.storeNo,
        appPrivateKeyPem: keys.appPrivateKeyPem,
        gatewayPublicKeyPem: keys.gatewayPublicKeyPem,
        definiteRefusalCodes: sandboxDefiniteRefusals,
        timeoutMs: 5_000,
        ...overrides
      },
      { ...deps, now }
    )
  return { sandbox, gateway: clientWith({}), clientWith, close: () => sandbox.close() }
}
