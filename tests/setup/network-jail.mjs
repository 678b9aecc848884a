/**
 * The test-wide network jail: every socket connection from this process to an address outside
 * 127.0.0.0/8 and ::1 fails with an error naming the destination, and is recorded so the test that
 * caused it fails too. Tests ask the product to reach private and metadata addresses on purpose (the
 * SSRF guard must refuse them); if that guard ever regressed, this keeps the packet on the machine.
 *
 * Loaded by the vitest setup (unit, integration and e2e), by the benchmarks and the chaos run, and, via
 * NODE_OPTIONS, by every Node process they start (the console, workers). Plain JavaScript so that
 * `node --import` can load it without a TypeScript loader.
 */
import dns from "node:dns";
import net from "node:net";
import { pathToFileURL } from "node:url";

const state = (globalThis[Symbol.for("billbridge.networkJail")] ??= { installed: false, violations: [] });

/** True for 127.0.0.0/8, ::1 and IPv4-mapped loopback. */
export function isLoopbackAddress(address) {
  const family = net.isIP(address);
  if (family === 4) return address.split(".")[0] === "127";
  if (family === 6) {
    const lower = address.toLowerCase();
    if (lower === "::1" || lower === "0:0:0:0:0:0:0:1") return true;
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
    return mapped !== null && isLoopbackAddress(mapped[1]);
  }
  return false;
}

/** Destinations refused since the last call, emptied by the call. */
export function takeJailViolations() {
  return state.violations.splice(0);
}

function jailError(destination) {
  state.violations.push(destination);
  const error = new Error(
    `network jail: refused a connection to ${destination}; tests may only reach 127.0.0.0/8 and ::1`,
  );
  error.code = "ENETUNREACH";
  console.error(`[network-jail] ${error.message}`);
  return error;
}

/** The options object a `socket.connect(...)` call will use, in every calling form Node accepts. */
function connectArguments(args) {
  if (Array.isArray(args[0])) return { options: args[0][0], rebuild: () => args };
  if (args[0] !== null && typeof args[0] === "object") return { options: args[0], rebuild: () => args };
  if (typeof args[0] === "string" && !/^\d+$/.test(args[0])) return { options: { path: args[0] }, rebuild: () => args };
  const options = { port: args[0], host: typeof args[1] === "string" ? args[1] : undefined };
  const rest = args.slice(typeof args[1] === "string" ? 2 : 1);
  return { options, rebuild: () => [options, ...rest] };
}

export function installNetworkJail() {
  if (state.installed) return;
  state.installed = true;
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function jailedConnect(...args) {
    const { options, rebuild } = connectArguments(args);
    if (options.path !== undefined) return connect.apply(this, args);
    const host = options.host ?? "localhost";
    if (net.isIP(host)) {
      if (!isLoopbackAddress(host)) {
        const error = jailError(`${host}:${options.port}`);
        process.nextTick(() => this.destroy(error));
        return this;
      }
      return connect.apply(this, args);
    }
    // A name: let it resolve as usual, then refuse unless every address it resolved to is loopback.
    const lookup = options.lookup ?? dns.lookup;
    options.lookup = (hostname, lookupOptions, callback) => {
      lookup(hostname, lookupOptions, (error, address, family) => {
        if (error) return callback(error, address, family);
        const addresses = Array.isArray(address) ? address.map((entry) => entry.address) : [address];
        const outside = addresses.find((candidate) => !isLoopbackAddress(candidate));
        if (outside !== undefined) return callback(jailError(`${hostname} (${outside}):${options.port}`));
        callback(null, address, family);
      });
    };
    return connect.apply(this, rebuild());
  };
  // Node processes started from here (the console, workers, builds) load the jail too.
  const flag = `--import=${pathToFileURL(import.meta.filename).href}`;
  if (!(process.env.NODE_OPTIONS ?? "").includes(flag)) {
    process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} ${flag}`.trim();
  }
}

installNetworkJail();
