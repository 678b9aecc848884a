/**
 * The local ConnectWise sandbox started by `npm start` in demo mode, described to the web pages through
 * the environment of the same process (the start script sets BILLBRIDGE_SANDBOX_INFO). Its keys are a
 * local fake's, safe to show so that a newcomer can try the journey without a ConnectWise account.
 */
export interface DemoSandboxInfo {
  site: string;
  companyId: string;
  members: Array<{ name: string; publicKey: string; privateKey: string; permissions: string[] }>;
}

export const demoSandboxVariable = "BILLBRIDGE_SANDBOX_INFO";

export function readDemoSandbox(): DemoSandboxInfo | null {
  const demo = process.env.BILLBRIDGE_DEMO === "1" || process.env.BILLBRIDGE_DEMO === "true";
  const raw = process.env[demoSandboxVariable];
  if (!demo || !raw) return null;
  try {
    return JSON.parse(raw) as DemoSandboxInfo;
  } catch {
    return null;
  }
}
