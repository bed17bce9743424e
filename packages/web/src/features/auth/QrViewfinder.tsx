import './QrViewfinder.css';

type Props = {
  label: string;
  /** The camera is live: the scanning line moves. */
  active: boolean;
};

/** The square the code goes in: four corner marks and a line sweeping down while scanning. */
export function QrViewfinder({ label, active }: Props) {
  return (
    <div className="viewfinder" role="img" aria-label={label}>
      <span className="viewfinder__corner viewfinder__corner--tl" />
      <span className="viewfinder__corner viewfinder__corner--tr" />
      <span className="viewfinder__corner viewfinder__corner--bl" />
      <span className="viewfinder__corner viewfinder__corner--br" />
      {active && <span className="viewfinder__line" />}
    </div>
  );
}
