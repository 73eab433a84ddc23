// peer-duckdb.mjs - the peer query in DuckDB (npm @duckdb/node-api).
//
// Copyright (c) 2026 The ccmetrics authors.
// SPDX-License-Identifier: MIT
//
// Usage: node peer-duckdb.mjs EVENTS.csv QUERY.sql OUT.csv [THREADS]
// Loads the canonical CSV (without comment lines) into table ev, runs the
// query, writes its result to OUT.csv and prints one line:
//   duckdb threads=N load_s=X query_s=Y total_s=Z
// (load: read_csv into a table; query: the SQL and writing its ~10^4 rows).
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { DuckDBInstance } from '@duckdb/node-api';

const [csv, sqlFile, out, threads] = process.argv.slice(2);
if (!csv || !sqlFile || !out) {
  console.error('usage: node peer-duckdb.mjs EVENTS.csv QUERY.sql OUT.csv [THREADS]');
  process.exit(2);
}
const lit = (s) => "'" + s.replace(/'/g, "''") + "'";
const query = readFileSync(sqlFile, 'utf8').replace(/;\s*$/, '');
const opts = {};
if (threads) opts.threads = String(threads);
const db = await DuckDBInstance.create(':memory:', opts);
const con = await db.connect();
const nthreads = (await con.runAndReadAll("SELECT current_setting('threads')")).getRows()[0][0];

const t0 = performance.now();
await con.run(`CREATE TABLE ev AS SELECT * FROM read_csv(${lit(csv)}, header = true, auto_detect = false,
  columns = {'ts': 'BIGINT', 'event': 'VARCHAR', 'contact': 'VARCHAR', 'channel': 'VARCHAR',
             'direction': 'VARCHAR', 'customer': 'VARCHAR', 'skill': 'VARCHAR', 'campaign': 'VARCHAR',
             'agent': 'VARCHAR', 'team': 'VARCHAR', 'value': 'DOUBLE', 'label': 'VARCHAR'})`);
const t1 = performance.now();
await con.run(`COPY (${query}) TO ${lit(out)} (HEADER, DELIMITER ',')`);
const t2 = performance.now();
const s = (ms) => (ms / 1000).toFixed(3);
console.log(`duckdb threads=${nthreads} load_s=${s(t1 - t0)} query_s=${s(t2 - t1)} total_s=${s(t2 - t0)}`);
con.closeSync();
db.closeSync();
