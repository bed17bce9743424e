import { type ReactNode, useRef } from 'react';
import { Avatar } from '../../ui/Avatar';
import './ContactList.css';
import { ListRow } from '../../ui/ListRow';

export interface ContactItem {
  id: string;
  /** What the owner sees: the remark, or the display name. */
  name: string;
  /** The person's own display name, for the default avatar. */
  avatarName: string;
  avatarUrl: string | null;
  /** A short tag after the name ("Blocked"). */
  tag?: string;
}

type Props = {
  groups: readonly { letter: string; contacts: readonly ContactItem[] }[];
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Rows above the contacts ("New friends", "Add friend"). */
  header?: ReactNode;
  /** Shown instead of the groups when there are none. */
  empty?: ReactNode;
  /** The line under the last contact ("13 contacts"). */
  footer?: string;
  /** Accessible name of the A–Z index. */
  indexLabel: string;
};

/** The A–Z contact list with sticky letter headers and a letter index on the right. */
export function ContactList({ groups, selectedId, onSelect, header, empty, footer, indexLabel }: Props) {
  const headings = useRef(new Map<string, HTMLElement>());
  return (
    <div className="contacts">
      <div className="contacts__scroll">
        {header}
        {groups.length === 0
          ? empty
          : groups.map((group) => (
              <section key={group.letter} aria-labelledby={`letter-${group.letter}`}>
                <h2
                  id={`letter-${group.letter}`}
                  className="contacts__letter"
                  ref={(el) => {
                    if (el) headings.current.set(group.letter, el);
                    else headings.current.delete(group.letter);
                  }}
                >
                  {group.letter}
                </h2>
                <ul>
                  {group.contacts.map((contact) => (
                    <li key={contact.id}>
                      <ListRow
                        leading={<Avatar name={contact.avatarName} src={contact.avatarUrl} size={36} />}
                        title={
                          <>
                            {contact.name}
                            {contact.tag && <span className="contacts__tag">{contact.tag}</span>}
                          </>
                        }
                        selected={contact.id === selectedId}
                        onClick={() => onSelect(contact.id)}
                        className="contacts__row"
                      />
                    </li>
                  ))}
                </ul>
              </section>
            ))}
        {groups.length > 0 && footer && <p className="contacts__footer">{footer}</p>}
      </div>
      {groups.length > 1 && (
        <nav className="contacts__index" aria-label={indexLabel}>
          {groups.map((group) => (
            <button
              key={group.letter}
              type="button"
              onClick={() => headings.current.get(group.letter)?.scrollIntoView({ block: 'start' })}
            >
              {group.letter}
            </button>
          ))}
        </nav>
      )}
    </div>
  );
}
