/** The key that makes one chat per pair of users, whichever of them opens it. */
export function directKey(a: string, b: string): string {
  return a < b ? `${a}:${b}` : `${b}:${a}`;
}
