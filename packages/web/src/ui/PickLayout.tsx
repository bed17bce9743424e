import { X } from 'lucide-react';
import type { ComponentProps, FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialog, DialogTitle } from './Dialog';
import { DialogCloseButton } from './DialogCloseButton';
import { PickList, type PickRow } from './PickList';
import './PickLayout.css';

type Props = {
  /** The dialog's own class (its size); `${className}__right` styles its right side. */
  className: string;
  title: string;
  /** After the title in the header (the phone's send button). */
  headEnd?: ReactNode;
  /** While sending, Esc does not close. */
  busy: boolean;
  list: ComponentProps<typeof PickList>;
  onSubmit: (event: FormEvent) => void;
  onClose: () => void;
  /** The right side under the header: those picked, buttons. */
  children: ReactNode;
};

/**
 * A picker dialog (发起群聊, 添加群成员, 发送给): a modal dialog holding one form, the
 * list to tick on the left and what the dialog adds on the right; full screen on the phone, the
 * right side on top. Mount it to open it.
 */
export function PickLayout({ className, title, headEnd, busy, list, onSubmit, onClose, children }: Props) {
  const { t } = useTranslation();
  return (
    <Dialog onClose={onClose} busy={busy} className={`pick-layout ${className}`}>
      <form className="pick-layout__body" onSubmit={onSubmit}>
        <div className="pick-layout__left">
          <PickList {...list} />
        </div>
        <div className={`pick-layout__right ${className}__right`}>
          <div className="pick-layout__head">
            <DialogCloseButton
              label={t('common.close')}
              onClick={onClose}
              disabled={busy}
              className="pick-layout__close"
            />
            <DialogTitle className="pick-layout__title">{title}</DialogTitle>
            {headEnd}
          </div>
          {children}
        </div>
      </form>
    </Dialog>
  );
}

/** One picked: a row of the list, with a line under its name (why sending to it failed). */
export interface PickedChip extends PickRow {
  note?: string;
}

type ChipsProps = {
  chips: readonly PickedChip[];
  /** "不选 Bob" / "不发给Bob": the button's name. */
  unpickLabel: (name: string) => string;
  onUnpick: (key: string) => void;
  disabled?: boolean;
  /** The dialog's own spacing. */
  className: string;
};

/** Those picked, each a button that unpicks it: a list on the desktop, a row of chips on the phone. */
export function PickedChips({ chips, unpickLabel, onUnpick, disabled, className }: ChipsProps) {
  return (
    <ul className={`pick-layout__chips ${className}`}>
      {chips.map((chip) => (
        <li key={chip.key}>
          <button
            type="button"
            className="pick-layout__chip"
            aria-label={unpickLabel(chip.name)}
            title={chip.note ?? unpickLabel(chip.name)}
            onClick={() => onUnpick(chip.key)}
            disabled={disabled}
          >
            {chip.avatar}
            <span className="pick-layout__chip-label">
              <span className="truncate">{chip.name}</span>
              {chip.note && <span className="pick-layout__chip-note">{chip.note}</span>}
            </span>
            <X size={14} aria-hidden="true" className="pick-layout__chip-x" />
          </button>
        </li>
      ))}
    </ul>
  );
}
