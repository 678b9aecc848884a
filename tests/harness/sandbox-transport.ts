import { setConnectWiseTransportOverrides } from "@/lib/connection/client-for-workspace";

/**
 * For tests that call the ConnectWise sandbox: the client may reach it on loopback, and waits
 * milliseconds instead of seconds before a retry (Retry-After scaled down, short backoff).
 */
export function useSandboxTransport(): void {
  process.env.CW_ALLOW_PRIVATE_HOSTS = "1";
  setConnectWiseTransportOverrides({ retryPolicy: { retryAfterScale: 0.001, baseDelayMs: 5, maxDelayMs: 20 } });
}
