// mkexternal.mjs writes small input extracts with the tools users export with, into
// fixtures/external/, so that the Go tests (io/extract: TestExternalWriters) prove amcalc
// reads what those tools write (DATA.md "Inputs": signed integer annotations of any width,
// UTF8 strings, DATE, BOOLEAN) without Node at test time.
//
//   cd scripts/mkexternal && npm ci && node mkexternal.mjs
//   npm install --no-save nodejs-polars@0.26.1 nodejs-polars-linux-x64-gnu@0.26.1 && node mkexternal.mjs --polars
//
// DuckDB (@duckdb/node-api, pinned in package-lock.json) writes:
//   duckdb_contracts.parquet    contracts with TINYINT option, SMALLINT years, INTEGER and
//                               BIGINT counts and fees; row K3 has option 4 (BAD_ENUM) and
//                               K4 fees_12m_ccam > fees_12m_total (FEES_INCONSISTENT)
//   duckdb_activity.parquet     activity with SMALLINT year, INTEGER/BIGINT counts
//   duckdb_suspensions.parquet  suspensions (VARCHAR, DATE)
//   duckdb_option_utinyint.parquet  contracts with a UTINYINT option: a wrong type
// With --polars (npm nodejs-polars and its native package, installed without saving: their
// engines field asks for Node >= 22, they run on 20): polars_activity.parquet with an Int16
// year and Int16/Int32 counts. node_modules/ is not committed.
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DuckDBInstance } from '@duckdb/node-api';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(here, '..', '..', 'fixtures', 'external');
mkdirSync(out, { recursive: true });

const contracts = `
  SELECT * FROM (VALUES
    ('K1', '19000000001', '01', 'S1',       true,  true,  DATE '2019-01-01', false, false, 2, DATE '2019-10-15', DATE '2019-10-15', NULL::DATE,       NULL, 800,  100,  1500, NULL,   NULL,   1970, 12000000,  2400000),
    ('K2', '19000000002', '04', 'S2_OPTAM', false, true,  NULL,              true,  false, 3, DATE '2024-07-01', DATE '2024-08-01', NULL::DATE,       2023, NULL, NULL, 1800, NULL,   2000,   1975, NULL,      NULL),
    ('K3', '19000000003', '01', 'S1',       true,  false, NULL,              false, true,  4, DATE '2022-02-01', NULL::DATE,        NULL::DATE,       NULL, 900,  120,  1300, 950,    1400,   NULL, 50000000,  1000000),
    ('K4', '19000000004', '11', 'S1',       false, true,  NULL,              false, false, 2, DATE '2025-01-15', DATE '2025-02-01', DATE '2026-01-31', NULL, NULL, NULL, 2500, NULL,   NULL,   1968, 1000000,   1000001)
  ) AS t(contract_id, doctor_id, specialty, tariff_sector, underserved_zone, group_practice,
         coordinated_since, new_installation, rqth_ald, option, signed_on, hired_on, ended_on,
         baseline_year, baseline_mt_adult, baseline_mt_child, baseline_file_active, target_mt,
         target_file_active, doctor_birth_year, fees_12m_total, fees_12m_ccam)`;

const typedContracts = (optionType) => `
  SELECT contract_id::VARCHAR AS contract_id, doctor_id::VARCHAR AS doctor_id,
         specialty::VARCHAR AS specialty, tariff_sector::VARCHAR AS tariff_sector,
         underserved_zone::BOOLEAN AS underserved_zone, group_practice::BOOLEAN AS group_practice,
         coordinated_since::DATE AS coordinated_since, new_installation::BOOLEAN AS new_installation,
         rqth_ald::BOOLEAN AS rqth_ald, option::${optionType} AS option,
         signed_on::DATE AS signed_on, hired_on::DATE AS hired_on, ended_on::DATE AS ended_on,
         baseline_year::SMALLINT AS baseline_year, baseline_mt_adult::INTEGER AS baseline_mt_adult,
         baseline_mt_child::SMALLINT AS baseline_mt_child, baseline_file_active::INTEGER AS baseline_file_active,
         target_mt::BIGINT AS target_mt, target_file_active::BIGINT AS target_file_active,
         doctor_birth_year::SMALLINT AS doctor_birth_year, fees_12m_total::BIGINT AS fees_12m_total,
         fees_12m_ccam::INTEGER AS fees_12m_ccam
  FROM (${contracts}) ORDER BY contract_id`;

const activity = `
  SELECT doctor_id::VARCHAR AS doctor_id, year::SMALLINT AS year, specialty::VARCHAR AS specialty,
         mt_adult::INTEGER AS mt_adult, mt_child::SMALLINT AS mt_child,
         file_active::BIGINT AS file_active, fs_volet1::BOOLEAN AS fs_volet1
  FROM (VALUES
    ('19000000001', 2018, '01', 800,  100,  1500, true),
    ('19000000001', 2019, '01', 820,  NULL, 1530, false),
    ('19000000002', 2023, '04', NULL, NULL, 1800, true),
    ('19000000003', 2021, '01', -3,   120,  1300, true)
  ) AS t(doctor_id, year, specialty, mt_adult, mt_child, file_active, fs_volet1)
  ORDER BY doctor_id, year`;

const suspensions = `
  SELECT contract_id::VARCHAR AS contract_id, suspended_from::DATE AS suspended_from,
         suspended_until::DATE AS suspended_until, reason::VARCHAR AS reason
  FROM (VALUES
    ('K1', DATE '2020-03-01', DATE '2020-03-31', 'absence'),
    ('K2', DATE '2025-01-01', NULL::DATE,        NULL),
    ('K9', DATE '2020-01-01', DATE '2019-12-31', 'not_replaced')
  ) AS t(contract_id, suspended_from, suspended_until, reason)`;

const instance = await DuckDBInstance.create(':memory:');
const db = await instance.connect();
const copy = async (sql, name) => {
  const p = join(out, name);
  rmSync(p, { force: true });
  await db.run(`COPY (${sql}) TO '${p}' (FORMAT parquet, COMPRESSION uncompressed)`);
  console.log(`mkexternal: wrote ${p}`);
};
await copy(typedContracts('TINYINT'), 'duckdb_contracts.parquet');
await copy(typedContracts('UTINYINT'), 'duckdb_option_utinyint.parquet');
await copy(activity, 'duckdb_activity.parquet');
await copy(suspensions, 'duckdb_suspensions.parquet');

if (process.argv.includes('--polars')) {
  const pl = (await import('nodejs-polars')).default;
  const df = pl.DataFrame({
    doctor_id: ['19000000001', '19000000001'],
    year: pl.Series('year', [2018, 2019], pl.Int16),
    specialty: ['01', '01'],
    mt_adult: pl.Series('mt_adult', [800, null], pl.Int32),
    mt_child: pl.Series('mt_child', [100, 90], pl.Int16),
    file_active: pl.Series('file_active', [1500, 1530], pl.Int64),
    fs_volet1: [true, false],
  });
  const p = join(out, 'polars_activity.parquet');
  df.writeParquet(p, { compression: 'uncompressed' });
  console.log(`mkexternal: wrote ${p}`);
}
