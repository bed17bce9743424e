/**
 * Keys are made by the server from ids, never from user input, so this is a guard against a
 * bug turning into a path outside the storage: lower-case, no '..', no leading '/'.
 */
const KEY = /^[a-z0-9][a-z0-9/_.-]*$/;

export function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..') || key.includes('//')) throw new Error(`bad media key ${key}`);
  return key;
}

export function checkPrefix(prefix: string): string {
  if (!prefix.endsWith('/')) throw new Error(`a media prefix ends with '/': ${prefix}`);
  return checkKey(prefix);
}
