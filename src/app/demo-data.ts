import type { Db } from '../db/client.js';

/** Placeholder: the registry work fills this with the organisations from shared/seeds. */
export async function loadDemoData(_db: Db): Promise<void> {}
