import { createContext, type ReactNode, useContext, useState } from 'react';

const Container = createContext<HTMLElement | null>(null);

type Props = {
  /** The shell's own class ("phone", "desktop"): its rules (`.phone .btn--m`) reach the overlays. */
  className: string;
  style?: React.CSSProperties;
  children: ReactNode;
};

/**
 * The shell's root element, and where menus and dialogs are portalled. Overlays leave the
 * place they are opened from (a list row moved by a transform would carry a fixed menu along),
 * but stay inside the shell, so that the phone's sizes and spacing still apply to them.
 */
export function OverlayHost({ className, style, children }: Props) {
  const [element, setElement] = useState<HTMLDivElement | null>(null);
  return (
    <div ref={setElement} className={className} style={style}>
      <Container.Provider value={element}>{children}</Container.Provider>
    </div>
  );
}

/** Where an overlay is portalled: the shell's root, or the document's body outside a shell. */
export function useOverlayContainer(): HTMLElement | undefined {
  return useContext(Container) ?? undefined;
}
