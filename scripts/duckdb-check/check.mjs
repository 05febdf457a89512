// check.mjs opens a published amcalc partition with DuckDB (an independent Parquet reader)
// and shows that the outputs read back typed: euros as DECIMAL(18,2), ratios as
// DECIMAL(9,6), dates as DATE, counts as integers (DATA.md "Outputs").
//
//   cd scripts/duckdb-check && npm install && node check.mjs PATH/year=YYYY [...]
//
// For each partition it prints DESCRIBE of the four files, the row counts, and for payments
// sum(payable), min/max(event_date) with their typeof(); it exits 1 when a column's type is
// not DATA.md's, a row count or a payable total differs from _MANIFEST.json, or a file
// cannot be read. node_modules/ is not committed.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

const INT = 'INTEGER', BIG = 'BIGINT', STR = 'VARCHAR', DATE = 'DATE';
const EUR = 'DECIMAL(18,2)', RATIO = 'DECIMAL(9,6)';

// DATA.md column types, as DuckDB names them.
const schemas = {
  payments: {
    contract_id: STR, doctor_id: STR, contract_year: INT, kind: STR, instalment: INT,
    event_date: DATE, period_start: DATE, period_end: DATE, covered_days: INT, suspended_days: INT, period_days: INT,
    amount_table: STR, band: STR, observation_year: INT,
    target_file_active: BIG, target_mt: BIG, observed_file_active: BIG, observed_mt: BIG,
    objective_source: STR, attainment: RATIO, modulation: RATIO, prorata: RATIO,
    base_amount: EUR, due: EUR, already_paid: EUR, payable: EUR, reasons: STR,
  },
  contracts: {
    contract_id: STR, doctor_id: STR, specialty: STR, option: INT, regime: STR, start_date: DATE,
    status: STR, reasons: STR, band: STR, reference_year: INT, baseline_mt: BIG,
    baseline_file_active: BIG, target_mt: BIG, target_file_active: BIG, objective_source: STR,
    events: INT, payable_total: EUR,
  },
  bands: {
    reference_year: INT, specialty: STR, measure: STR, population: BIG,
    p30: BIG, p50: BIG, p70: BIG, p90: BIG, p95: BIG, pinned: STR,
  },
  rejects: {
    input: STR, file: STR, row: BIG, key: STR, column: STR, problem: STR, detail: STR,
  },
};

const sqlString = (s) => "'" + s.replaceAll("'", "''") + "'";

// parquet reads one file as written: DuckDB would otherwise add a `year` column from the
// folder name year=YYYY (hive partitioning; handy for OUT/*/payments.parquet, not here).
const parquet = (path) => `read_parquet(${sqlString(path)}, hive_partitioning = false)`;

async function rows(conn, sql) {
  const reader = await conn.runAndReadAll(sql);
  return reader.getRowObjectsJson();
}

function table(objs) {
  if (objs.length === 0) return '  (no rows)';
  const cols = Object.keys(objs[0]);
  const text = (v) => (v === null ? 'NULL' : String(v));
  const width = cols.map((c) => Math.max(c.length, ...objs.map((o) => text(o[c]).length)));
  const line = (vals) => '  ' + vals.map((v, i) => v.padEnd(width[i])).join('  ').trimEnd();
  return [line(cols), line(width.map((w) => '-'.repeat(w))), ...objs.map((o) => line(cols.map((c) => text(o[c]))))].join('\n');
}

async function checkPartition(conn, dir) {
  const problems = [];
  // The checked-in golden partitions hold the four files without _MANIFEST.json: then
  // the totals are only compared with each other.
  const mpath = join(dir, '_MANIFEST.json');
  const manifest = existsSync(mpath) ? JSON.parse(readFileSync(mpath, 'utf8')) : null;
  const out = Object.fromEntries((manifest?.outputs ?? []).map((o) => [o.file, o]));
  console.log(manifest
    ? `== ${dir} (manifest: year ${manifest.year}, as_of ${manifest.as_of}, params_sha256 ${manifest.params_sha256.slice(0, 12)}…)`
    : `== ${dir} (no _MANIFEST.json: row counts and totals not compared with it)`);
  for (const [name, want] of Object.entries(schemas)) {
    const file = `${name}.parquet`;
    const src = parquet(join(dir, file));
    const desc = await rows(conn, `SELECT column_name, column_type, "null" FROM (DESCRIBE SELECT * FROM ${src})`);
    const [{ n }] = await rows(conn, `SELECT count(*)::BIGINT AS n FROM ${src}`);
    console.log(`\n-- DESCRIBE ${file} (${n} rows)`);
    console.log(table(desc));
    const got = Object.fromEntries(desc.map((d) => [d.column_name, d.column_type]));
    for (const [col, type] of Object.entries(want)) {
      if (got[col] !== type) problems.push(`${file}: ${col} is ${got[col] ?? 'missing'}, DATA.md says ${type}`);
    }
    for (const col of Object.keys(got)) {
      if (!(col in want)) problems.push(`${file}: column ${col} is not in DATA.md`);
    }
    if (manifest && String(n) !== String(out[file]?.rows)) problems.push(`${file}: ${n} rows, the manifest says ${out[file]?.rows}`);
  }

  const pay = parquet(join(dir, 'payments.parquet'));
  const led = parquet(join(dir, 'contracts.parquet'));
  const [p] = await rows(conn, `
    SELECT count(*)::BIGINT AS payments,
           coalesce(sum(payable), 0)::DECIMAL(18,2)::VARCHAR AS sum_payable,
           typeof(sum(payable)) AS typeof_sum,
           min(event_date)::VARCHAR AS min_event_date,
           max(event_date)::VARCHAR AS max_event_date,
           typeof(min(event_date)) AS typeof_event_date,
           typeof(any_value(payable)) AS typeof_payable,
           typeof(any_value(attainment)) AS typeof_attainment,
           min(payable)::VARCHAR AS min_payable,
           max(payable)::VARCHAR AS max_payable
    FROM ${pay}`);
  const [c] = await rows(conn, `
    SELECT coalesce(sum(payable_total), 0)::DECIMAL(18,2)::VARCHAR AS sum_payable_total,
           typeof(any_value(payable_total)) AS typeof_payable_total,
           typeof(any_value(start_date)) AS typeof_start_date
    FROM ${led}`);
  console.log('\n-- SELECT sum(payable), min(event_date), typeof(…) FROM payments; sum(payable_total) FROM contracts');
  console.log(table(Object.entries({ ...p, ...c }).map(([k, v]) => ({ expression: k, value: v }))));
  if (manifest) {
    const wantPay = out['payments.parquet']?.payable_total;
    const wantLed = out['contracts.parquet']?.payable_total;
    console.log(`\n  manifest payable_total: payments ${wantPay}, contracts ${wantLed}`);
    if (p.sum_payable !== wantPay) problems.push(`sum(payments.payable) = ${p.sum_payable}, the manifest says ${wantPay}`);
    if (c.sum_payable_total !== wantLed) problems.push(`sum(contracts.payable_total) = ${c.sum_payable_total}, the manifest says ${wantLed}`);
  }
  if (p.sum_payable !== c.sum_payable_total) {
    problems.push(`sum(payments.payable) = ${p.sum_payable} but sum(contracts.payable_total) = ${c.sum_payable_total}`);
  }
  if (Number(p.payments) > 0) {
    if (p.typeof_payable !== EUR) problems.push(`typeof(payable) = ${p.typeof_payable}`);
    if (p.typeof_event_date !== DATE) problems.push(`typeof(event_date) = ${p.typeof_event_date}`);
    const y = String(manifest?.year ?? /year=(\d{4})/.exec(dir)?.[1]);
    if (!p.min_event_date.startsWith(y) || !p.max_event_date.startsWith(y)) {
      problems.push(`event dates ${p.min_event_date}…${p.max_event_date} are not all in ${y} (R-PAY-4)`);
    }
  }
  console.log(problems.length === 0 ? `\n  OK: DATA.md types${manifest ? ', manifest row counts' : ''}, payable totals\n`
    : '\n' + problems.map((s) => '  PROBLEM: ' + s).join('\n') + '\n');
  return problems.length;
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node check.mjs PATH/year=YYYY [...]');
  process.exit(2);
}
const instance = await DuckDBInstance.create(':memory:');
const conn = await instance.connect();
const [{ version }] = await rows(conn, 'SELECT version() AS version');
console.log(`DuckDB ${version} (@duckdb/node-api)\n`);
let bad = 0;
for (const d of dirs) {
  try {
    bad += await checkPartition(conn, resolve(d));
  } catch (e) {
    console.error(`${d}: ${e.message}`);
    bad++;
  }
}
process.exit(bad === 0 ? 0 : 1);
