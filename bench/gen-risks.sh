#!/usr/bin/env bash
# gen-risks.sh - a synthetic risk register of N risks in an isms database.
#
#   bench/gen-risks.sh DB N        (the database must hold one ISMS and its assets)
#
# Risks are written straight into the risk table with the sqlite3 shell, as
# isms itself would write them before their first evaluation: every asset is
# used in turn, threats and vulnerabilities of the built-in library in turn,
# threat and vulnerability levels 1 to 3, all seven property sets, the asset
# values copied (so that no risk is stale) and the packed input key of
# lib/model/risk.c (4 bits a level, 3 bits of properties). One risk in
# twenty has a treatment (reduce, two Annex A controls, the vulnerability
# lowered to 1). Values are left NULL: the first "isms method set"
# evaluates them. Codes are R-0000001 … so that their order is the rows'.
set -euo pipefail
db=$1
n=$2
sqlite3 "$db" >/dev/null <<EOF
PRAGMA journal_mode = WAL;
BEGIN;
WITH RECURSIVE seq(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM seq WHERE x < $n),
na(n) AS (SELECT COUNT(*) FROM asset),
gen AS (
	SELECT x, a.id AS asset_id, COALESCE(a.c, 0) AS c, COALESCE(a.i, 0) AS i, COALESCE(a.a, 0) AS av,
	       1 + x % 3 AS tl, 1 + (x / 3) % 3 AS vl, 1 + x % 7 AS props,
	       x % 20 = 0 AS treated
	FROM seq, na JOIN asset a ON a.id = 1 + (x * 7919) % na.n
)
INSERT INTO risk (id, isms_id, code, asset_id, threat, vuln, props, threat_level, vuln_level, owner,
		  description, av_c, av_i, av_a, input_key, treatment, plan_owner, plan_due, plan_status,
		  res_vuln, residual_key, created_at, updated_at)
SELECT x, 1, printf('R-%07d', x), asset_id, printf('T-%03d', 1 + x % 57), printf('V-%03d', 1 + x % 76),
       props, tl, vl, printf('owner %d', x % 40), printf('risk %d: what could happen to the asset', x),
       c, i, av,
       c + i * 16 + av * 256 + tl * 4096 + vl * 65536 + props * 268435456,
       CASE WHEN treated THEN 'reduce' END, CASE WHEN treated THEN 'IT' ELSE '' END,
       CASE WHEN treated THEN '2027-03-31' ELSE '' END, CASE WHEN treated THEN 'planned' ELSE '' END,
       CASE WHEN treated THEN 1 END,
       CASE WHEN treated THEN c + i * 16 + av * 256 + tl * 4096 + 1 * 65536 + props * 268435456 END,
       '2026-11-26T00:00:00.000Z', '2026-11-26T00:00:00.000Z'
FROM gen;
INSERT INTO risk_control (isms_id, risk_id, kind, pos, control)
SELECT 1, id, 'annex', 1, 'A.8.5' FROM risk WHERE treatment IS NOT NULL
UNION ALL SELECT 1, id, 'annex', 2, 'A.5.17' FROM risk WHERE treatment IS NOT NULL;
COMMIT;
EOF
