import { Cell, Checkbox, Column, Row, type Selection, Table, TableBody, TableHeader } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import type { Channel, Publication } from '../../../api/types.js';
import { useFormatters } from '../../../i18n/format.js';
import { formatInZone } from '../../../i18n/zoned-time.js';
import { TableWrap } from '../../../ui/table-wrap.js';
import { excerpt, PublicationChannel } from '../../publishing/components/publication-channel.js';

type HeldTableProps = {
  held: Publication[];
  channels: Map<string, Channel>;
  caption: string;
  selected: Selection;
  onSelectionChange: (selection: Selection) => void;
  /** People who may only look get no checkboxes. */
  selectable: boolean;
};

/** A checkbox for react-aria's row selection; its accessible name ("Select", "Select all") comes from react-aria. */
function SelectionBox() {
  return (
    <Checkbox slot="selection" className="selection-checkbox">
      {({ isSelected, isIndeterminate }) => (
        <span className="selection-box" aria-hidden="true">
          {isIndeterminate ? '–' : isSelected ? '✓' : ''}
        </span>
      )}
    </Checkbox>
  );
}

/**
 * What a pause held, as a react-aria Table with multiple selection (checkboxes, Shift/Ctrl and keyboard
 * selection): channel, what would have gone out, and when it was planned in the organisation's time.
 */
export function HeldTable({ held, channels, caption, selected, onSelectionChange, selectable }: HeldTableProps) {
  const { t } = useTranslation();
  const format = useFormatters();
  return (
    <TableWrap label={caption}>
      <Table
        className="table"
        aria-label={caption}
        selectionMode={selectable ? 'multiple' : 'none'}
        selectionBehavior="toggle"
        selectedKeys={selected}
        onSelectionChange={onSelectionChange}
      >
        <TableHeader>
          {selectable ? (
            <Column className="selection-column">
              <SelectionBox />
            </Column>
          ) : null}
          <Column id="channel" isRowHeader>
            {t('crisis.held.channel')}
          </Column>
          <Column id="content">{t('crisis.held.content')}</Column>
          <Column id="planned">{t('crisis.held.planned')}</Column>
        </TableHeader>
        <TableBody items={held} dependencies={[channels, format, selectable]}>
          {(publication) => (
            <Row id={publication.id}>
              {selectable ? (
                <Cell className="selection-column">
                  <SelectionBox />
                </Cell>
              ) : null}
              <Cell>
                <PublicationChannel channel={channels.get(publication.channelId)} />
              </Cell>
              <Cell>
                <span className="excerpt">{excerpt(publication.text) || t('crisis.held.noText')}</span>
                {publication.media.length > 0 ? (
                  <span className="muted small block">{t('crisis.held.media', { count: publication.media.length })}</span>
                ) : null}
              </Cell>
              <Cell className="nowrap">{formatInZone(publication.dueAt, publication.timeZone, format.locale)}</Cell>
            </Row>
          )}
        </TableBody>
      </Table>
    </TableWrap>
  );
}
