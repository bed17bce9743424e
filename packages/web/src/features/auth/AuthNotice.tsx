import './AuthNotice.css';

type Props = {
  /** What happened, then what follows from it (one sentence a line). */
  lines: string[];
};

/** Why the sign-in page shows: "你已在手机上退出登录", "这台电脑上的聊天记录已清除". */
export function AuthNotice({ lines }: Props) {
  const [first, ...rest] = lines;
  return (
    <div className="auth-notice" role="status">
      <p className="auth-notice__what">{first}</p>
      {rest.map((line) => (
        <p key={line} className="auth-notice__more">
          {line}
        </p>
      ))}
    </div>
  );
}
