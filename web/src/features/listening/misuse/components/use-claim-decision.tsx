import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useToast } from '../../../../ui/toast.js';
import { useDecideClaim } from '../api/decide-claim.js';
import type { DecisionInput, MentionClaim } from '../types.js';
import { claimAuthor } from './claim-card.js';
import { DecisionDialog } from './decision-dialog.js';

type ClaimDecision = {
  /** Opens the note dialog for this claim and decision. */
  open: (claim: MentionClaim, decision: DecisionInput['decision']) => void;
  /** The decision being saved for this claim, if any. */
  pendingOf: (claim: MentionClaim) => DecisionInput['decision'] | null;
  /** The dialog, to render where the claims are. */
  dialog: ReactNode;
};

/** Deciding on claims, the same in the misuse list and on a mention's page. */
export function useClaimDecision(): ClaimDecision {
  const { t } = useTranslation();
  const toast = useToast();
  const decide = useDecideClaim();
  const [deciding, setDeciding] = useState<{ claim: MentionClaim; decision: DecisionInput['decision'] } | null>(null);
  const unknown = t('listeningMisuse.claims.unknownAuthor');

  const submit = (input: DecisionInput) => {
    if (!deciding) return;
    decide.mutate(
      { id: deciding.claim.id, input },
      {
        onSuccess: (saved) => {
          const author = claimAuthor(saved) ?? unknown;
          toast.show(t(`listeningMisuse.claims.toasts.${saved.status}`, { author }));
          setDeciding(null);
        },
      },
    );
  };

  return {
    open: (claim, decision) => {
      decide.reset();
      setDeciding({ claim, decision });
    },
    pendingOf: (claim) => (decide.isPending && decide.variables?.id === claim.id ? decide.variables.input.decision : null),
    dialog: deciding ? (
      <DecisionDialog
        request={{ decision: deciding.decision, what: 'claim', subject: claimAuthor(deciding.claim) ?? unknown }}
        isPending={decide.isPending}
        error={decide.error}
        onSubmit={submit}
        onClose={() => setDeciding(null)}
      />
    ) : null,
  };
}
