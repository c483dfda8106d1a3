import { createGatewayClient, type GatewayClientDeps } from '../../src/main/gateway'
import type { Gateway, GatewayConfig } from '../../src/main/gateway/types'
import {
  generateSandboxCredentials,
  sandboxDefiniteRefusals,
  sandboxRefusalMeanings,
  startSandbox,
  type Sandbox,
  type SandboxOptions
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
 * `transport` lets a test watch the client's exchanges, `unreversibleCancel` picks the sandbox's
 * answer to a cancel of a paid order the wallet cannot reverse.
 */
export async function startSandboxGateway(
  now: () => number,
  options: Pick<GatewayClientDeps, 'transport'> & Pick<SandboxOptions, 'unreversibleCancel'> = {}
): Promise<SandboxGateway> {
  const { unreversibleCancel, ...deps } = options
  // RSA key generation is the slow part; one set of keys serves a whole test file.
  credentials ??= generateSandboxCredentials()
  const keys = await credentials
  const sandbox = await startSandbox({
    appId: keys.appId,
    merchantNo: keys.merchantNo,
    storeNo: keys.storeNo,
    appPublicKeyPem: keys.appPublicKeyPem,
    gatewayPrivateKeyPem: keys.gatewayPrivateKeyPem,
    now,
    ...(unreversibleCancel === undefined ? {} : { unreversibleCancel })
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
        refusalMeanings: sandboxRefusalMeanings,
        timeoutMs: 5_000,
        ...overrides
      },
      { ...deps, now }
    )
  return { sandbox, gateway: clientWith({}), clientWith, close: () => sandbox.close() }
}
