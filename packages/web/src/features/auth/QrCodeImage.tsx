import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

type Props = {
  text: string;
  /** Drawn size in CSS pixels. */
  size: number;
  label: string;
  className?: string;
};

/**
 * A QR code as an <img> from a data: URL (the CSP allows data: images, not inline styles or
 * scripts). Always dark on white with its quiet zone: phone cameras read that in either theme.
 */
export function QrCodeImage({ text, size, label, className }: Props) {
  const [drawn, setDrawn] = useState<{ text: string; src: string } | null>(null);

  useEffect(() => {
    let live = true;
    // Twice the CSS size, so the modules stay sharp on high-density screens.
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: size * 2 })
      .then((src) => {
        if (live) setDrawn({ text, src });
      })
      .catch(() => {
        // Only text too long for a QR code fails here; a sign-in URL never is.
      });
    return () => {
      live = false;
    };
  }, [text, size]);

  const src = drawn?.text === text ? drawn.src : undefined;
  if (!src) return <div className={className} role="img" aria-label={label} aria-busy="true" />;
  return <img className={className} src={src} alt={label} width={size} height={size} />;
}
