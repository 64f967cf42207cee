// A vendor's name is checked before it names a folder, a package subpath or a file: one rule for the
// spec reader and the sources it loads (its own module, so neither imports the other back).
import { PipelineError } from './pipeline-error.js';

/** A vendor's name: a folder under specs/, a package subpath, a file name in generated/. */
export const VENDOR_NAME = /^[a-z][a-z0-9-]{0,30}$/;

/** Throws one line unless `name` is a vendor name. */
export function checkVendorName(name: string, where?: string): string {
  if (!VENDOR_NAME.test(name)) {
    throw new PipelineError(
      where === undefined ? undefined : { file: where },
      `invalid vendor name ${JSON.stringify(name)} (must match ${VENDOR_NAME.source})`,
      'use lower-case letters, digits and dashes, starting with a letter (e.g. acme-corp)',
    );
  }
  return name;
}
