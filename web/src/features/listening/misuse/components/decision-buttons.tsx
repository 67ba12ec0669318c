import { useTranslation } from 'react-i18next';
import { Button } from '../../../../ui/button.js';
import type { DecisionInput, ReviewStatus } from '../types.js';

type Decision = DecisionInput['decision'];

/** The decisions that change an item's status: never the one it has; reopening only a decided item. */
const OFFERED: ReadonlyArray<{ decision: Decision; hiddenWhen: ReviewStatus }> = [
  { decision: 'confirm', hiddenWhen: 'confirmed' },
  { decision: 'dismiss', hiddenWhen: 'dismissed' },
  { decision: 'reopen', hiddenWhen: 'new' },
];

type DecisionButtonsProps = {
  status: ReviewStatus;
  pending: Decision | null;
  onDecide: (decision: Decision) => void;
  /** Each button's accessible name, which says what it decides about ("Confirm @stad.gent0"). */
  labelOf: (decision: Decision) => string;
};

/** Confirm, dismiss and reopen on a candidate or a claim card. */
export function DecisionButtons({ status, pending, onDecide, labelOf }: DecisionButtonsProps) {
  const { t } = useTranslation();
  return (
    <span className="row misuse-decide">
      {OFFERED.filter((offer) => offer.hiddenWhen !== status).map(({ decision }) => (
        <Button
          key={decision}
          variant="secondary"
          size="small"
          onPress={() => onDecide(decision)}
          isPending={pending === decision}
          aria-label={labelOf(decision)}
        >
          {t(`listeningMisuse.actions.${decision}`)}
        </Button>
      ))}
    </span>
  );
}
