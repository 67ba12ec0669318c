// Is one account found by a search a look-alike of an official channel? Pure: names in, verdict out.
//
// The lookalike engine (lookalike/) judges names only, so it treats two equal names as one account.
// Here we know the accounts differ (another remote id, another handle), and an equal name on a
// different account is the plainest impersonation of all. Two such cases are added to the engine's
// verdicts, at the score the engine gives a perfect look-alike (0.97, "distance 0, no added word"):
//  - the same user name under another instance or domain (`@stadgent@evil.example`);
//  - the same display name as the official channel's.
import { analyse, judge, type Lookalike, reasonInWords } from './lookalike/index.js';
import type { CandidateEvidence, SearchedNetwork } from './impersonation-schema.js';

export const EQUAL_NAME_SCORE = 0.97;

export type OfficialNames = {
  network: SearchedNetwork;
  /** As stored in the registry (`@stadgent@instance`, `stadgent.bsky.social`). */
  handle: string;
  localPart: string;
  /** The channel's display name, else its organisation's name. */
  displayName: string | null;
};

/** An account as a network's search returned it, in our terms. */
export type RemoteAccount = {
  network: SearchedNetwork;
  /** Mastodon account id on the searched instance; Bluesky DID. */
  remoteId: string;
  /** In the registry's form: `@user@domain` (Mastodon), `name.bsky.social` (Bluesky). */
  handle: string;
  localPart: string;
  displayName: string | null;
  profileUrl: string | null;
  avatarUrl: string | null;
};

export type Verdict = { score: number; evidence: CandidateEvidence[] };

const normal = (name: string) => analyse(name).normal;

/** Evidence keeps the reasons as data (`details`) and in the engine's English words (`reasons`). */
const evidenceOf = (field: CandidateEvidence['field'], { candidate, official, score, details }: Lookalike): CandidateEvidence => ({
  field,
  candidate,
  official,
  score,
  reasons: details.map(reasonInWords),
  details,
});

function best(candidate: string, officials: string[]): Lookalike | null {
  let found: Lookalike | null = null;
  for (const official of officials) {
    const verdict = judge(candidate, official);
    if (verdict && (!found || verdict.score > found.score)) found = verdict;
  }
  return found;
}

/**
 * The evidence that `account` imitates the official channel, strongest first, and the best score;
 * null when nothing about it is confusable (or it is the official account itself).
 */
export function judgeAccount(official: OfficialNames, account: RemoteAccount): Verdict | null {
  if (account.network !== official.network || account.handle.toLowerCase() === official.handle.toLowerCase()) return null;
  // Each name is compared with both official names; on equal scores, with its own kind first.
  const officials = [official.localPart, ...(official.displayName ? [official.displayName] : [])];
  const displayFirst = [...officials].reverse();
  const evidence: CandidateEvidence[] = [];

  if (normal(account.localPart) === normal(official.localPart)) {
    const where = account.network === 'mastodon' ? 'instance' : 'domain';
    evidence.push(
      evidenceOf('handle', {
        candidate: account.handle,
        official: official.handle,
        score: EQUAL_NAME_SCORE,
        details: [{ kind: 'sameNameElsewhere', where }],
      }),
    );
  } else {
    const verdict = best(account.localPart, officials);
    if (verdict) evidence.push(evidenceOf('handle', verdict));
  }

  const displayName = account.displayName?.trim();
  if (displayName) {
    if (official.displayName && normal(displayName) === normal(official.displayName)) {
      evidence.push(
        evidenceOf('displayName', {
          candidate: displayName,
          official: official.displayName,
          score: EQUAL_NAME_SCORE,
          details: [{ kind: 'sameDisplayName' }],
        }),
      );
    } else {
      const verdict = best(displayName, displayFirst);
      if (verdict) evidence.push(evidenceOf('displayName', verdict));
    }
  }
  if (evidence.length === 0) return null;
  evidence.sort((a, b) => b.score - a.score);
  return { score: evidence[0]?.score ?? 0, evidence };
}
