import { ShieldAlert } from 'lucide-react';
import './QrRequestDetails.css';

export interface QrRequestLine {
  label: string;
  value: string;
}

type Props = {
  /** Device, place, IP, time: already in words. */
  lines: QrRequestLine[];
  warning: string;
};

/** What is asking to be signed in, and the warning against confirming someone else's code. */
export function QrRequestDetails({ lines, warning }: Props) {
  return (
    <div className="qr-request">
      <dl className="qr-request__lines">
        {lines.map((line) => (
          <div key={line.label} className="qr-request__line">
            <dt>{line.label}</dt>
            <dd className="truncate">{line.value}</dd>
          </div>
        ))}
      </dl>
      <p className="qr-request__warning" role="note">
        <ShieldAlert size={18} aria-hidden="true" />
        <span>{warning}</span>
      </p>
    </div>
  );
}
