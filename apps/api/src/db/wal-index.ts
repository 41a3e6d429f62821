import fs from "node:fs";
import path from "node:path";

interface WalIndexAddon {
  map(file: string): ArrayBuffer;
}

// Both copies of the wal-index header: 2 × 48 bytes at the start of the -shm
// file (https://sqlite.org/walformat.html, "The WAL-Index Header"). SQLite
// writes them on every commit (iChange, mxFrame and the checksums change), and
// every version since 3.7.0 shares this layout, because processes linked
// against different SQLite versions share one -shm file.
const HEADER_WORDS = 24;

let addon: WalIndexAddon | null | undefined;

function loadAddon(): WalIndexAddon | null {
  if (addon !== undefined) return addon;
  addon = null;
  // dist/db → dist/native; under the tests src/db → dist/native.
  for (const candidate of [path.join(__dirname, "..", "native", "wal_index.node"), path.join(__dirname, "..", "..", "dist", "native", "wal_index.node")]) {
    if (!fs.existsSync(candidate)) continue;
    try {
      addon = require(candidate) as WalIndexAddon;
      break;
    } catch {
      // A build for another Node ABI: the caller falls back to PRAGMA data_version.
    }
  }
  return addon;
}

/** Whether this process can watch wal-index headers from memory (the addon is built). */
export function walIndexWatchAvailable(): boolean {
  return loadAddon() !== null;
}

/**
 * Tells, from shared memory and without a system call, whether the wal-index
 * header of a WAL-mode SQLite database has changed since the last call, that
 * is whether any connection in any process may have committed. A `true` is a
 * hint to ask SQLite (`PRAGMA data_version`); a `false` is a proof that
 * nothing was committed since the previous call began.
 *
 * The mapping is only read while a connection of this process keeps the
 * database open: that connection's lock on the -shm file stops any other
 * process from truncating it under the mapping. Each watch holds its own
 * mapping and a descriptor that is never closed (closing any descriptor of the
 * file would drop SQLite's POSIX locks on it): one per database opened, which
 * is one per process in production.
 */
export class WalIndexWatch {
  private readonly seen = new Uint32Array(HEADER_WORDS);
  private primed = false;
  private live: Uint32Array | null;

  private constructor(header: Uint32Array) {
    this.live = header;
  }

  /**
   * A watch over the database file's -shm file, or null (addon not built,
   * database not in WAL mode, no -shm file yet): the caller then asks SQLite.
   */
  static open(databaseFile: string): WalIndexWatch | null {
    const native = loadAddon();
    if (!native) return null;
    try {
      return new WalIndexWatch(new Uint32Array(native.map(`${path.resolve(databaseFile)}-shm`), 0, HEADER_WORDS));
    } catch {
      // No -shm file (not in WAL mode) or one SQLite has not initialized yet.
      return null;
    }
  }

  /** True when the header differs from the one seen by the previous call (always true on the first). */
  changed(): boolean {
    const live = this.live;
    if (!live) return true;
    const seen = this.seen;
    let changed = !this.primed;
    this.primed = true;
    // Every word is read once and remembered, so a header caught mid-write is
    // remembered as such and reported again as changed on the next call.
    for (let i = 0; i < HEADER_WORDS; i++) {
      const word = live[i];
      if (word !== seen[i]) {
        seen[i] = word;
        changed = true;
      }
    }
    return changed;
  }

  /** Stops reading the mapping (the database is being closed); changed() is true from now on. */
  close(): void {
    this.live = null;
  }
}
