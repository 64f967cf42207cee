// Which vendors a conformance run covers, in which mode, from the run's settings.
import type { ConformanceSettings } from '../suite/context.js';
import { listVendors } from '../suite/spec.js';

export interface ConformanceTarget {
  vendor: string;
  mode: 'mock' | 'live';
  /** Live mode: the real API that `prism proxy` forwards to. */
  upstream?: string;
}

export interface ReadyTarget extends ConformanceTarget {
  url: string;
}

/** A vendor whose server could not start: it fails alone, the other vendors still run. */
export interface FailedTarget extends ConformanceTarget {
  reason: string;
}

export function resolveTargets(
  settings: Pick<ConformanceSettings, 'generatedDir' | 'vendors' | 'live'>,
): ConformanceTarget[] {
  const available = listVendors(settings.generatedDir);
  const live = Object.keys(settings.live);
  const vendors = settings.vendors.length > 0 ? settings.vendors : live.length > 0 ? live : available;
  for (const vendor of [...vendors, ...live]) {
    if (!available.includes(vendor)) {
      throw new Error(
        `unknown vendor "${vendor}": generated/ has ${available.join(', ') || 'no specs (run npm run generate)'}`,
      );
    }
  }
  return vendors.map((vendor) =>
    Object.hasOwn(settings.live, vendor)
      ? { vendor, mode: 'live', upstream: settings.live[vendor]! }
      : { vendor, mode: 'mock' },
  );
}
