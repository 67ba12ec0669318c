-- Look-alike evidence gains `details`: the reasons as data (src/features/listening/lookalike/reasons.ts),
-- which the interface puts in its own language, next to `reasons` in the engine's English. A scan
-- rewrites the evidence of every account it finds again, but never that of an account it no longer
-- finds (typically an impersonator confirmed and then suspended by its instance). So the evidence
-- stored before gets its details here, read once from the English phrases the engine wrote until now:
-- a closed set (lookalike/score.ts, impersonation-score.ts), each phrase one of the cases below.
UPDATE impersonation_candidates ic
   SET evidence = (
     SELECT jsonb_agg(
              e.item || jsonb_build_object('details', (
                SELECT COALESCE(jsonb_agg(d.detail ORDER BY r.n) FILTER (WHERE d.detail IS NOT NULL), '[]'::jsonb)
                  FROM jsonb_array_elements_text(e.item -> 'reasons') WITH ORDINALITY AS r(reason, n)
                  CROSS JOIN LATERAL (
                    SELECT regexp_match(r.reason, '^look-alike character: ([A-Za-z]+) "([^"]+)" \((U\+[0-9A-F]{4,6})\) for "([^"]+)"$') AS scripted,
                           regexp_match(r.reason, '^look-alike character: "([^"]+)" for "([^"]+)"$') AS plain,
                           substring(r.reason FROM '^mixed scripts: (.+)$') AS scripts,
                           substring(r.reason FROM '^added word: (.+)$') AS word,
                           substring(r.reason FROM '^edit distance: ([0-9]+)$') AS distance,
                           substring(r.reason FROM '^same name on another (instance|domain)$') AS elsewhere
                  ) AS m
                  CROSS JOIN LATERAL (
                    SELECT CASE
                      WHEN m.scripted IS NOT NULL THEN jsonb_build_object('kind', 'lookalike', 'shown', m.scripted[2], 'looksLike', m.scripted[4],
                                                                          'script', m.scripted[1], 'codePoint', m.scripted[3])
                      WHEN m.plain IS NOT NULL THEN jsonb_build_object('kind', 'lookalike', 'shown', m.plain[1], 'looksLike', m.plain[2],
                                                                       'script', NULL, 'codePoint', NULL)
                      WHEN m.scripts IS NOT NULL THEN jsonb_build_object('kind', 'mixedScripts', 'scripts', to_jsonb(string_to_array(m.scripts, '+')))
                      WHEN m.word IS NOT NULL THEN jsonb_build_object('kind', 'addedWord', 'word', m.word)
                      WHEN m.distance IS NOT NULL THEN jsonb_build_object('kind', 'editDistance', 'count', m.distance::int)
                      WHEN m.elsewhere IS NOT NULL THEN jsonb_build_object('kind', 'sameNameElsewhere', 'where', m.elsewhere)
                      WHEN r.reason = 'accents added' THEN '{"kind":"accentsAdded"}'::jsonb
                      WHEN r.reason = 'accents dropped' THEN '{"kind":"accentsDropped"}'::jsonb
                      WHEN r.reason = 'separators differ' THEN '{"kind":"separators"}'::jsonb
                      WHEN r.reason = 'same letters, different case or spacing' THEN '{"kind":"caseOrSpacing"}'::jsonb
                      WHEN r.reason = 'same display name as the official account' THEN '{"kind":"sameDisplayName"}'::jsonb
                    END AS detail
                  ) AS d
              ))
              ORDER BY e.i)
       FROM jsonb_array_elements(ic.evidence) WITH ORDINALITY AS e(item, i)
   )
 WHERE EXISTS (SELECT 1 FROM jsonb_array_elements(ic.evidence) AS e(item) WHERE e.item -> 'details' IS NULL);
