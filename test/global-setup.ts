import pg from 'pg';

/**
 * With TEST_DATABASE_URL, each test process creates a migrated template database and each test a
 * database cloned from it. Tests drop their own; this teardown drops what a crashed or interrupted
 * run left behind, so the server does not fill up over many runs.
 */
export default function setup(): () => Promise<void> {
  return async () => {
    const url = process.env.TEST_DATABASE_URL;
    if (!url) return;
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ datname: string }>(
        "SELECT datname FROM pg_database WHERE datname LIKE 'kanaal\\_t\\_%' OR datname LIKE 'kanaal\\_tmpl\\_%'",
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
