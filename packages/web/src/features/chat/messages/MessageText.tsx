import { splitLinks } from './links';

type Props = { text: string };

/** Message text as text (never HTML); http(s) links open in a new window without an opener. */
export function MessageText({ text }: Props) {
  let offset = 0;
  return (
    <>
      {splitLinks(text).map((part) => {
        const key = offset;
        offset += part.text.length;
        return part.kind === 'link' ? (
          <a key={key} href={part.href} target="_blank" rel="noopener noreferrer">
            {part.text}
          </a>
        ) : (
          <span key={key}>{part.text}</span>
        );
      })}
    </>
  );
}
