export function isLoopbackAddress(address: string): boolean;
export function takeJailViolations(): string[];
export function installNetworkJail(): void;
